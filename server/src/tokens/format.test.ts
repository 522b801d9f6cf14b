import { describe, expect, it } from 'vitest';
import { checksum, generateToken, parseToken, RANDOM_LENGTH, tokenHint, tokenLength, tokenPattern } from './format.js';

describe('token format', () => {
  it('generates prefix + 32 base62 random characters + 6-character checksum', () => {
    const token = generateToken('pat');
    expect(token).toMatch(/^pat_[0-9A-Za-z]{38}$/);
    expect(token).toHaveLength(tokenLength('pat'));
    expect(checksum(token.slice(0, -6))).toBe(token.slice(-6));
    expect(parseToken(token, 'pat')).toEqual({ ok: true, token });
  });

  it('carries at least 190 bits of randomness', () => {
    expect(RANDOM_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(190);
  });

  it('never repeats and uses the whole alphabet', () => {
    const tokens = Array.from({ length: 2000 }, () => generateToken('pat'));
    expect(new Set(tokens).size).toBe(tokens.length);
    const used = new Set(tokens.flatMap((t) => [...t.slice(4, 4 + RANDOM_LENGTH)]));
    expect(used.size).toBe(62);
  });

  it.each([
    ['prefix', (t: string) => `xyz${t.slice(3)}`],
    ['length', (t: string) => t.slice(0, -1)],
    ['length', (t: string) => `${t}A`],
    ['alphabet', (t: string) => `${t.slice(0, 8)}_${t.slice(9)}`],
    ['checksum', (t: string) => `${t.slice(0, 8)}${t[8] === 'A' ? 'B' : 'A'}${t.slice(9)}`],
  ] as const)('rejects a token with a wrong %s', (reason, mangle) => {
    expect(parseToken(mangle(generateToken('pat')), 'pat')).toEqual({ ok: false, reason });
  });

  it('detects every single-character substitution in the random part', () => {
    const token = generateToken('pat');
    for (let i = 4; i < 4 + RANDOM_LENGTH; i += 1) {
      const replacement = token[i] === 'z' ? 'y' : 'z';
      expect(parseToken(token.slice(0, i) + replacement + token.slice(i + 1), 'pat').ok).toBe(false);
    }
  });

  it('shows only the prefix and last four characters in the hint', () => {
    const token = generateToken('pat');
    expect(tokenHint(token, 'pat')).toBe(`pat_…${token.slice(-4)}`);
  });
});

describe('tokenPattern (for secret-scanning programs)', () => {
  it('finds tokens in text, whole, and nothing that only looks similar', () => {
    const pattern = new RegExp(tokenPattern('pat'), 'g');
    const a = generateToken('pat');
    const b = generateToken('pat');
    const text = `export API_TOKEN=${a}\n{"token":"${b}"} xpat_${a.slice(4)} ${a}X pat_short ${generateToken('ghp')}`;
    expect(text.match(pattern)).toEqual([a, b]);
    expect(tokenPattern('acme2')).toBe('\\bacme2_[0-9A-Za-z]{38}\\b');
  });
});
