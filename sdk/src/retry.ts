// When to try a call again, and after how long. Only 429 (rate limited) and 503
// (temporarily unavailable) are retried: the server sends both before doing the
// work, with a Retry-After that is honoured. Queries retry by default; mutations
// only when asked, because a 503 from a proxy can come after a write happened.
import type { ApiTokensError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Retry mutations too (default false). */
  mutations?: boolean;
  /** Longest single wait in ms (default 30 000). A Retry-After beyond it is not waited for: the error is thrown. */
  maxDelayMs?: number;
  /** First backoff step in ms when the server sends no Retry-After, doubled each time, with jitter (default 500). */
  baseDelayMs?: number;
}

/**
 * On the client: `false` never retries; `true` or an object retries queries (and
 * mutations with `mutations: true`). On one call: `false` never retries; `true` or
 * an object retries this call, mutation or not, with the client's settings under its own.
 */
export type RetrySetting = boolean | RetryOptions;

export interface RetryPolicy {
  /** Milliseconds to wait before attempt `attempt + 1`, or null when the error is final. */
  delayAfter(error: ApiTokensError, attempt: number): number | null;
}

const RETRIABLE_STATUS = new Set([429, 503]);
const NEVER: RetryPolicy = { delayAfter: () => null };

/** The policy for one call of kind `kind`, from the client's setting and the call's. */
export function retryPolicy(kind: 'query' | 'mutation', client: RetrySetting = true, call?: RetrySetting): RetryPolicy {
  if (call === false || (client === false && call === undefined)) return NEVER;
  const options: RetryOptions = {
    ...(typeof client === 'object' ? client : {}),
    ...(typeof call === 'object' ? call : {}),
  };
  if (kind === 'mutation' && options.mutations !== true && call === undefined) return NEVER;
  const maxRetries = options.maxRetries ?? 2;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  return {
    delayAfter(error, attempt) {
      if (attempt > maxRetries || error.status === undefined || !RETRIABLE_STATUS.has(error.status)) return null;
      if (error.retryAfterSeconds !== undefined) {
        const asked = error.retryAfterSeconds * 1000;
        return asked <= maxDelayMs ? asked : null;
      }
      // Exponential backoff with "equal jitter": half fixed, half random, so clients spread out.
      const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      return step / 2 + Math.random() * (step / 2);
    },
  };
}
