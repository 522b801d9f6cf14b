// When the token stops working, as the server says on every authenticated
// response (`Api-Token-Expires-At`, ISO 8601; absent when the token never expires).
// The client keeps the latest value, and within EXPIRY_WARNING_MS of it warns once
// per process for each expiry time: through `onTokenExpiring` when given, else
// with console.warn, so a script learns in time that its token needs replacing.

export const EXPIRES_AT_HEADER = 'api-token-expires-at';

/** How close to the expiry the warning starts: 7 days. */
export const EXPIRY_WARNING_MS = 7 * 86_400_000;

export interface TokenExpiringEvent {
  /** When the token (or, during a rotation's overlap, the old secret in use) stops working. */
  expiresAt: Date;
  /** Milliseconds left when the response arrived (never negative). */
  remainingMs: number;
}

// Once per process: shared by every client of this copy of the SDK.
const warned = new Set<number>();

/**
 * What a response says of the token's expiry: a Date when the header is there,
 * null when a successful response has none (the token never expires), undefined
 * when the response says nothing (e.g. a refusal before authentication).
 */
export function expiryOf(response: Pick<Response, 'headers' | 'ok'>): Date | null | undefined {
  const header = response.headers.get(EXPIRES_AT_HEADER);
  if (header === null) return response.ok ? null : undefined;
  const date = new Date(header);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Calls `notify` the first time in this process that `expiresAt` is within the warning window. */
export function noticeExpiry(expiresAt: Date, nowMs: number, notify: (event: TokenExpiringEvent) => void): void {
  const remainingMs = expiresAt.getTime() - nowMs;
  if (remainingMs > EXPIRY_WARNING_MS || warned.has(expiresAt.getTime())) return;
  warned.add(expiresAt.getTime());
  notify({ expiresAt, remainingMs: Math.max(0, remainingMs) });
}

/** The warning without a hook of the caller's. */
export function warnExpiring({ expiresAt, remainingMs }: TokenExpiringEvent): void {
  const days = Math.floor(remainingMs / 86_400_000);
  const when = days >= 1 ? `in ${days} day${days === 1 ? '' : 's'}` : 'within a day';
  console.warn(
    `@api-tokens/sdk: the API token expires ${when} (${expiresAt.toISOString()}). Rotate it or create a new one before then (pass onTokenExpiring to handle this yourself).`,
  );
}
