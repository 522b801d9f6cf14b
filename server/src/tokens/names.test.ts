import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { validateTokenName } from './names.js';

function rejection(name: string): ValidationError {
  try {
    validateTokenName(name);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(name)}`);
}

describe('token names', () => {
  it('accepts and trims ordinary names, including non-Latin scripts and emoji', () => {
    expect(validateTokenName('  CI deploy  ')).toBe('CI deploy');
    expect(validateTokenName('ביטוח')).toBe('ביטוח');
    expect(validateTokenName('デプロイ 🚀')).toBe('デプロイ 🚀');
    expect(validateTokenName('a\u200db')).toBe('a\u200db'); // a joiner between visible characters is fine
    expect(validateTokenName('x'.repeat(100))).toHaveLength(100);
  });

  it.each([
    ['empty', ''],
    ['spaces only', '   '],
    ['zero-width space only', '\u200b\u200b'],
    ['zero-width joiners only', '\u200c\u200d'],
    ['word joiner and BOM', '\u2060\ufeff'],
    ['no-break and ideographic spaces', '\u00a0\u3000'],
    ['Hangul filler', '\u3164'],
    ['right-to-left override', 'invoice\u202egpj.exe'],
    ['left-to-right embedding', 'a\u202ab'],
    ['first-strong isolate', 'a\u2068b\u2069'],
    ['control character', 'a\u0007b'],
    ['line separator', 'a\u2028b'],
    ['101 characters', 'x'.repeat(101)],
  ])('rejects a name of %s on field "name"', (_label, name) => {
    expect(rejection(name).field).toBe('name');
  });

  it('counts characters, not UTF-16 units, for the 100 limit', () => {
    expect(validateTokenName('🚀'.repeat(100))).toHaveLength(200);
  });
});
