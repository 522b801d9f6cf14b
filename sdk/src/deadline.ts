// One call's cancellation: the caller's signals (client-wide and per call) and
// its time budget, as one AbortSignal and the SDK error to throw when it fires.
import { AbortedError, TimeoutError, type ApiTokensError } from './errors.js';

export interface Deadline {
  readonly signal: AbortSignal;
  /** The error for a fired signal: TimeoutError for the budget, AbortedError for the caller. */
  readonly error: () => ApiTokensError;
  /** Milliseconds left in the budget (Infinity without one). */
  remainingMs(): number;
  /** Resolves after `ms`, or rejects with `error()` as soon as the signal fires. */
  sleep(ms: number): Promise<void>;
  /** Drops the timer and listeners; call when the call is settled. */
  dispose(): void;
}

export function createDeadline(signals: readonly (AbortSignal | undefined)[], timeoutMs: number | undefined): Deadline {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  let error: ApiTokensError | undefined;
  const fire = (reason: ApiTokensError) => {
    if (controller.signal.aborted) return;
    error = reason;
    controller.abort(reason);
  };
  for (const signal of signals) {
    if (!signal) continue;
    const onAbort = () =>
      fire(new AbortedError('The call was aborted by its signal.', { code: 'ABORTED', cause: signal.reason }));
    if (signal.aborted) onAbort();
    else {
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
  }
  const endsAt = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  if (timeoutMs !== undefined) {
    const timer = setTimeout(
      () => fire(new TimeoutError(`The call did not complete within ${timeoutMs} ms.`, { code: 'TIMEOUT' })),
      timeoutMs,
    );
    cleanups.push(() => clearTimeout(timer));
  }
  return {
    signal: controller.signal,
    error: () => error ?? new AbortedError('The call was aborted.', { code: 'ABORTED' }),
    remainingMs: () => endsAt - Date.now(),
    sleep: (ms) =>
      new Promise<void>((resolve, reject) => {
        if (controller.signal.aborted) return reject(error);
        const onAbort = () => {
          clearTimeout(timer);
          reject(error);
        };
        const timer = setTimeout(() => {
          controller.signal.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        controller.signal.addEventListener('abort', onAbort, { once: true });
      }),
    dispose: () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}
