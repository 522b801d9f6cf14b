// Offline check of an API token's shape — `<prefix>_<32 base62><6 base62 CRC32>` —
// so a mistyped or truncated token fails in `createClient`, with a clear reason,
// instead of as a 401 later. Pure TypeScript: runs in browsers, Node, Deno, workers.
//
// Like the server, any valid prefix passes (a deployment picks its own with
// TOKEN_PREFIX) unless the caller pins one.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const BASE62 = /^[0-9A-Za-z]+$/;

/** The prefix the server uses unless its deployment sets `TOKEN_PREFIX`. */
export const DEFAULT_TOKEN_PREFIX = 'pat';
/** What a deployment may choose as TOKEN_PREFIX (the server's own rule). */
const VALID_PREFIX = /^[a-z][a-z0-9]{1,9}$/;

export type TokenProblem = 'missing' | 'prefix' | 'length' | 'alphabet' | 'checksum';

export type TokenCheck = { ok: true } | { ok: false; reason: TokenProblem; message: string };

// The IEEE CRC32 table (the same polynomial as zlib), built once on first use.
let table: Uint32Array | undefined;
function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC32 of the UTF-8 bytes of `text` (identical to zlib's `crc32`). */
export function crc32(text: string): number {
  const t = crcTable();
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) crc = t[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
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

function fail(reason: TokenProblem, message: string): TokenCheck {
  return { ok: false, reason, message };
}

/**
 * Checks prefix, length, alphabet and checksum. Without `prefix`, any prefix a
 * deployment may choose passes (2–10 lowercase letters or digits, starting with
 * a letter); with it, only that one. Never puts the token itself in a message:
 * messages end up in logs.
 */
export function checkToken(token: unknown, prefix?: string): TokenCheck {
  if (typeof token !== 'string' || token.length === 0) return fail('missing', 'No API token was given.');
  const separator = token.indexOf('_');
  const own = separator === -1 ? '' : token.slice(0, separator);
  if (prefix !== undefined && own !== prefix) {
    return fail('prefix', `The API token must start with "${prefix}_": is it a token for this API?`);
  }
  if (!VALID_PREFIX.test(own)) {
    return fail(
      'prefix',
      'An API token starts with its prefix (2–10 lowercase letters or digits) and "_": is it a token for this API?',
    );
  }
  const expected = own.length + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;
  if (token.length !== expected) {
    return fail(
      'length',
      `The API token must be ${expected} characters long, not ${token.length}: check that it was copied whole.`,
    );
  }
  if (!BASE62.test(token.slice(own.length + 1))) {
    return fail('alphabet', `After "${own}_" an API token has only letters and digits: check for stray characters.`);
  }
  const body = token.slice(0, -CHECKSUM_LENGTH);
  if (toBase62(crc32(body), CHECKSUM_LENGTH) !== token.slice(-CHECKSUM_LENGTH)) {
    return fail('checksum', "The API token's checksum does not match: it was mistyped or altered.");
  }
  return { ok: true };
}
