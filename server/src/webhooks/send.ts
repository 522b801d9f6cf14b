// One delivery attempt over HTTP: POST the event's body with the Standard Webhooks
// headers, signed with the endpoint's secret by the `standardwebhooks` package, to
// the address resolveTarget checked (the connection goes there, whatever the name
// answers by now), within a time limit. Redirects are not followed (a 3xx is a
// failure: a redirect could point anywhere). The answer's body is not read past a
// little, for the delivery log.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { ResolvedTarget } from './targets.js';

export interface Attempt {
  /** `msg_<event id>`: the same on every attempt, for the receiver's de-duplication. */
  webhookId: string;
  body: string;
  secret: string;
  /** When it is signed (the `webhook-timestamp`). */
  at: Date;
  timeoutMs: number;
  userAgent: string;
}

export type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

const KEEP_OF_BODY = 200;

/** The three Standard Webhooks headers for this attempt. */
export function signedHeaders(attempt: Pick<Attempt, 'webhookId' | 'body' | 'secret' | 'at'>): Record<string, string> {
  const signature = new Webhook(attempt.secret).sign(attempt.webhookId, attempt.at, attempt.body);
  return {
    'webhook-id': attempt.webhookId,
    'webhook-timestamp': String(Math.floor(attempt.at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

export function sendAttempt(target: ResolvedTarget, attempt: Attempt): Promise<AttemptResult> {
  const { url } = target;
  // The connection goes to the checked address; Host and TLS name stay the URL's.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(attempt.body),
          'user-agent': attempt.userAgent,
          ...signedHeaders(attempt),
        },
        timeout: attempt.timeoutMs,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        let kept = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (kept.length < KEEP_OF_BODY) kept += chunk.slice(0, KEEP_OF_BODY - kept.length);
        });
        res.on('end', () =>
          settle(
            status >= 200 && status < 300
              ? { ok: true, status }
              : { ok: false, status, error: `HTTP ${status}${kept.trim() ? `: ${kept.trim()}` : ''}` },
          ),
        );
        res.on('error', (error) => settle({ ok: false, status, error: error.message }));
      },
    );
    // No answer (or no progress) within the limit: the attempt failed.
    const deadline = setTimeout(() => {
      settle({ ok: false, status: null, error: `No answer within ${attempt.timeoutMs} ms.` });
      req.destroy();
    }, attempt.timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`No answer within ${attempt.timeoutMs} ms.`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ ok: false, status: null, error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    req.on('close', () => clearTimeout(deadline));
    req.end(attempt.body);
  });
}
