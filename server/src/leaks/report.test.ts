import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerFor, parseReport, ReportShapeError, tokenHash } from './report.js';

describe('leak report bodies', () => {
  it('reads GitHub’s shape, an empty url as none', () => {
    expect(
      parseReport(
        '[{"token":"a","type":"acme_api_token","url":"https://github.com/o/r/blob/x/f.txt","source":"commit"},{"token":"b","type":"t","url":""}]',
      ),
    ).toEqual([
      { token: 'a', type: 'acme_api_token', url: 'https://github.com/o/r/blob/x/f.txt', source: 'commit' },
      { token: 'b', type: 't', url: null, source: null },
    ]);
  });

  it.each([
    ['not JSON', '[{'],
    ['not an array', '{"token":"a"}'],
    ['an item that is not an object', '["pat_x"]'],
    ['an item without a token', '[{"type":"t"}]'],
    ['a token that is not a string', '[{"token":1}]'],
    ['a url that is not a string', '[{"token":"a","url":7}]'],
    ['too many matches', JSON.stringify(Array.from({ length: 1001 }, () => ({ token: 'a' })))],
  ])('refuses %s', (_label, body) => {
    expect(() => parseReport(body)).toThrow(ReportShapeError);
  });

  it('answers with the SHA-256 (hex) of the reported string, its type and the label', () => {
    const match = { token: 'pat_abc', type: 'acme_api_token', url: null, source: null };
    expect(answerFor(match, true)).toEqual({
      token_hash: createHash('sha256').update('pat_abc').digest('hex'),
      token_type: 'acme_api_token',
      label: 'true_positive',
    });
    expect(answerFor(match, false).label).toBe('false_positive');
    expect(tokenHash('pat_abc')).toMatch(/^[0-9a-f]{64}$/);
  });
});
