// A leak report's body and the answer to it, in the shape of GitHub's secret
// scanning partner program. The body is a JSON array of matches,
// `{ token, type, url, source }`; the answer lists each match as
// `{ token_hash, token_type, label }`, where token_hash is the SHA-256 of the
// reported string (hex) — never the string itself — and label is `true_positive`
// or `false_positive`. Pure: no I/O.
import { createHash } from 'node:crypto';

export interface ReportedMatch {
  /** The reported string: maybe a token of ours, maybe anything else. */
  token: string;
  type: string;
  /** Where it was found (may be empty: then null). */
  url: string | null;
  source: string | null;
}

export interface MatchAnswer {
  token_hash: string;
  token_type: string;
  label: 'true_positive' | 'false_positive';
}

/** Most matches one report may hold (GitHub batches them; the body limit bounds it too). */
export const MAX_MATCHES = 1_000;

// Stored and shown to the owner: keep them to a size a page can show.
const MAX_URL = 2_000;
const MAX_FIELD = 200;

export class ReportShapeError extends Error {
  override name = 'ReportShapeError';
}

const optionalText = (value: unknown, name: string, index: number, max: number): string | null => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new ReportShapeError(`Match ${index}: "${name}" must be a string.`);
  return value.slice(0, max);
};

/** The matches of a report body, or ReportShapeError saying what is wrong. */
export function parseReport(body: string): ReportedMatch[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ReportShapeError('The body must be JSON: an array of { token, type, url, source }.');
  }
  if (!Array.isArray(parsed))
    throw new ReportShapeError('The body must be a JSON array of { token, type, url, source }.');
  if (parsed.length > MAX_MATCHES) throw new ReportShapeError(`A report may hold at most ${MAX_MATCHES} matches.`);
  return parsed.map((item: unknown, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new ReportShapeError(`Match ${index} must be an object { token, type, url, source }.`);
    const { token, type, url, source } = item as Record<string, unknown>;
    if (typeof token !== 'string' || token === '')
      throw new ReportShapeError(`Match ${index}: "token" must be a non-empty string.`);
    return {
      token,
      type: optionalText(type, 'type', index, MAX_FIELD) ?? '',
      url: optionalText(url, 'url', index, MAX_URL),
      source: optionalText(source, 'source', index, MAX_FIELD),
    };
  });
}

/** The token_hash the program expects: SHA-256 of the raw reported string, lowercase hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function answerFor(match: ReportedMatch, truePositive: boolean): MatchAnswer {
  return {
    token_hash: tokenHash(match.token),
    token_type: match.type,
    label: truePositive ? 'true_positive' : 'false_positive',
  };
}
