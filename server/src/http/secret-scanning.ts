// POST /secret-scanning: leak reports from a secret-scanning program, in the shape
// of GitHub's secret scanning partner program. In order, each step cheaper than the
// next:
//   1. rate limits: the address's failed-authentication budget (a bad signature
//      spends it) and RATE_LIMIT_SECRET_SCANNING reports a minute → 429;
//   2. the body, at most MAX_BODY_BYTES → 413 (411 without a length);
//   3. the signature over the raw body (leaks/signature.ts) → 401, nothing read;
//   4. the matches (leaks/report.ts) → 400 when the shape is wrong, nothing changed;
//   5. each reported string checked offline (prefix, length, alphabet, CRC32): only
//      well-formed tokens reach the database, in one lookup;
//   6. TokenService.revokeLeaked revokes every live one at once, through the fence.
// The answer lists every match, in order, as { token_hash, token_type, label }.
// Nothing here logs a reported string, a digest or a token_hash.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecretScanningConfig } from '../config.js';
import { readLimitedBody } from '../hardening/body-limit.js';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../hardening/db-faults.js';
import type { RateLimiter, RateLimitRejection } from '../hardening/rate-limits.js';
import { answerFor, parseReport, ReportShapeError } from '../leaks/report.js';
import { checkSignature, KEY_ID_HEADER, SIGNATURE_HEADER, type SignatureCheck } from '../leaks/signature.js';
import type { Logger } from '../logger.js';
import { parseToken } from '../tokens/format.js';
import { isTruePositive } from '../tokens/leaks.js';
import type { TokenService } from '../tokens/service.js';
import { nodeRequestMeta } from './client-meta.js';

export const SECRET_SCANNING_PATH = '/secret-scanning';

const SIGNATURE_FAILURES: Record<Exclude<SignatureCheck, { ok: true }>['reason'], string> = {
  signature_missing:
    'Leak reports must be signed: send the Github-Public-Key-Identifier and Github-Public-Key-Signature headers.',
  unknown_key:
    'The report is signed with a key this server does not know (Github-Public-Key-Identifier is not in SECRET_SCANNING_PUBLIC_KEYS).',
  signature_invalid: 'The report’s signature does not match its body.',
};

export interface SecretScanningRoute {
  /** Answers POST /secret-scanning; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

export function createSecretScanningRoute(options: {
  config: SecretScanningConfig;
  tokenPrefix: string;
  maxBodyBytes: number;
  trustProxy: boolean;
  tokens: Pick<TokenService, 'revokeLeaked'>;
  rateLimiter: Pick<RateLimiter, 'checkClient' | 'takeAuthAttempt' | 'consumeSecretScanning'>;
  logger: Logger;
}): SecretScanningRoute {
  const { config, rateLimiter, logger } = options;
  const enabled = config.publicKeys.length > 0 || config.allowUnsigned;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  const fail = (
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => send(res, status, { errors: [{ message, extensions: { code, ...extra } }] }, headers);
  const limited = (res: ServerResponse, rejection: RateLimitRejection) =>
    fail(
      res,
      429,
      'RATE_LIMITED',
      rejection.message,
      { limiter: rejection.limiter },
      {
        'retry-after': String(rejection.retryAfterSeconds),
      },
    );

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const meta = nodeRequestMeta(req, options.trustProxy);
    const blocked = (await rateLimiter.checkClient(meta.ip)) ?? (await rateLimiter.consumeSecretScanning(meta.ip));
    if (blocked) return limited(res, blocked);
    const body = await readLimitedBody(req, options.maxBodyBytes);
    if (!Buffer.isBuffer(body)) return fail(res, body.status, body.code, body.message, {}, { connection: 'close' });
    const header = (name: string) => {
      const value = req.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    };
    const signed = checkSignature(
      body,
      { keyId: header(KEY_ID_HEADER), signature: header(SIGNATURE_HEADER) },
      config.publicKeys,
      config.allowUnsigned,
    );
    if (!signed.ok) {
      // A forged report is a guess like a bad token: it spends the address's budget.
      const over = await rateLimiter.takeAuthAttempt(meta.ip);
      if (over) return limited(res, over);
      logger.warn({ ip: meta.ip, reason: signed.reason }, 'refused a leak report');
      return fail(res, 401, 'UNAUTHENTICATED', SIGNATURE_FAILURES[signed.reason], { reason: signed.reason });
    }
    let matches: ReturnType<typeof parseReport>;
    try {
      matches = parseReport(body.toString('utf8'));
    } catch (error) {
      if (error instanceof ReportShapeError) return fail(res, 400, 'BAD_REQUEST', error.message);
      throw error;
    }
    // Offline first: a string that is not one of our tokens never reaches the database.
    const wellFormed = matches.flatMap((match, index) =>
      parseToken(match.token, options.tokenPrefix).ok ? [{ index, match }] : [],
    );
    const outcomes = await options.tokens.revokeLeaked(
      wellFormed.map(({ match }) => ({ token: match.token, url: match.url, source: match.source })),
      meta,
    );
    const truePositive = new Map(wellFormed.map(({ index }, at) => [index, isTruePositive(outcomes[at]!)]));
    const answers = matches.map((match, index) => answerFor(match, truePositive.get(index) ?? false));
    logger.info(
      {
        keyId: signed.keyId,
        ip: meta.ip,
        matches: matches.length,
        wellFormed: wellFormed.length,
        revoked: outcomes.filter((outcome) => outcome === 'revoked').length,
        canaries: outcomes.filter((outcome) => outcome === 'canary').length,
      },
      'leak report',
    );
    send(res, 200, answers);
  }

  return {
    handle(req, res, path) {
      if (path !== SECRET_SCANNING_PATH) return false;
      if (!enabled) {
        fail(
          res,
          404,
          'NOT_FOUND',
          'Secret scanning is not set up on this server: its operator sets SECRET_SCANNING_PUBLIC_KEYS.',
        );
        return true;
      }
      if (req.method !== 'POST') {
        fail(res, 405, 'METHOD_NOT_ALLOWED', 'Send leak reports with POST.', {}, { allow: 'POST' });
        return true;
      }
      void receive(req, res).catch((error: unknown) => {
        if (res.headersSent) return;
        if (isDatabaseUnavailable(error)) return fail(res, 503, 'SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
        logger.error({ err: error }, 'leak report failed');
        fail(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
      });
      return true;
    },
  };
}
