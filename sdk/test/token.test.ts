// The SDK's pure-TS token check agrees with the server's format (zlib CRC32).
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { generateToken, parseToken } from '../../server/src/tokens/format.js';
import { crc32 } from '../src/token.js';
import { checkToken } from '../src/index.js';

describe('offline token check', () => {
  it('computes the same CRC32 as zlib', () => {
    for (const text of ['', 'a', 'pat_abc', '✓ unicode ✓', randomBytes(64).toString('base64')]) {
      expect(crc32(text)).toBe(zlibCrc32(text));
    }
  });

  it('accepts every token the server generates, for any prefix, pinned or not', () => {
    for (const prefix of ['pat', 'acme', 'x1', 'abcdefghij']) {
      for (let i = 0; i < 200; i += 1) {
        const token = generateToken(prefix);
        expect(checkToken(token, prefix)).toEqual({ ok: true });
        expect(checkToken(token)).toEqual({ ok: true });
      }
    }
  });

  it('without a pinned prefix, accepts exactly the prefixes a deployment may choose (TOKEN_PREFIX)', () => {
    for (const prefix of ['p', 'Pat', '1pat', 'abcdefghijk', 'pa-t']) {
      // The server refuses to start with such a TOKEN_PREFIX, so a token carrying one is not ours.
      expect(() => loadConfig({ TOKEN_PREFIX: prefix })).toThrow(/TOKEN_PREFIX/);
      const body = `${prefix}_${'a'.repeat(32)}`;
      expect(checkToken(`${body}AAAAAA`)).toMatchObject({ ok: false, reason: 'prefix' });
    }
  });

  it('agrees with the server on random near-misses', () => {
    // Single-character edits of real tokens: both sides must give the same verdict.
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-';
    for (let i = 0; i < 500; i += 1) {
      const token = generateToken('pat');
      const at = Math.floor(Math.random() * token.length);
      const mutated = token.slice(0, at) + alphabet[Math.floor(Math.random() * alphabet.length)] + token.slice(at + 1);
      const server = parseToken(mutated, 'pat');
      const sdk = checkToken(mutated, 'pat');
      expect(sdk.ok).toBe(server.ok);
      if (!sdk.ok && !server.ok) expect(sdk.reason).toBe(server.reason);
    }
  });

  it('names the problem', () => {
    expect(checkToken(undefined)).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkToken('sk-abc')).toMatchObject({ ok: false, reason: 'prefix' });
    expect(checkToken('Bad_abc')).toMatchObject({ ok: false, reason: 'prefix' });
    expect(checkToken(generateToken('ghp'), 'pat')).toMatchObject({ ok: false, reason: 'prefix' });
    expect(checkToken('ghp_abc')).toMatchObject({ ok: false, reason: 'length' });
    expect(checkToken(generateToken('pat').slice(0, 20))).toMatchObject({ ok: false, reason: 'length' });
  });
});
