// Token format: `<prefix>_<32 base62 random chars><6 base62 checksum chars>`.
// 32 base62 characters carry 32·log2(62) ≈ 190.5 bits of randomness. The checksum
// is CRC32 of everything before it (GitHub's scheme), so typos, truncation and
// random strings are rejected offline, before any database query.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const RANDOM_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
const BASE62_CHAR = /^[0-9A-Za-z]+$/;

export type TokenParseFailure = 'prefix' | 'length' | 'alphabet' | 'checksum';

export type ParsedToken = { ok: true; token: string } | { ok: false; reason: TokenParseFailure };

export function tokenLength(prefix: string): number {
  return prefix.length + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;
}

function toBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i += 1) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

export function checksum(body: string): string {
  return toBase62(crc32(body) >>> 0, CHECKSUM_LENGTH);
}

/** Uniform base62 characters: bytes ≥ 248 are dropped so that `% 62` has no bias. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function generateToken(prefix: string): string {
  const body = `${prefix}_${randomBase62(RANDOM_LENGTH)}`;
  return body + checksum(body);
}

export function parseToken(candidate: string, prefix: string): ParsedToken {
  if (!candidate.startsWith(`${prefix}_`)) return { ok: false, reason: 'prefix' };
  if (candidate.length !== tokenLength(prefix)) return { ok: false, reason: 'length' };
  const tail = candidate.slice(prefix.length + 1);
  if (!BASE62_CHAR.test(tail)) return { ok: false, reason: 'alphabet' };
  const body = candidate.slice(0, -CHECKSUM_LENGTH);
  if (checksum(body) !== candidate.slice(-CHECKSUM_LENGTH)) return { ok: false, reason: 'checksum' };
  return { ok: true, token: candidate };
}

/** The non-secret hint shown in lists: prefix and the last four characters. */
export function tokenHint(token: string, prefix: string): string {
  return `${prefix}_…${token.slice(-4)}`;
}

/**
 * A regular expression that finds tokens of this format in text, for secret-scanning
 * programs (GitHub's partner program asks for one): the prefix, `_`, then exactly
 * 38 base62 characters, not part of a longer word. Matches still need the checksum
 * (parseToken) to be tokens.
 */
export function tokenPattern(prefix: string): string {
  return `\\b${prefix}_[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}\\b`;
}
