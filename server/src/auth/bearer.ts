import { parseToken } from '../tokens/format.js';
import { authFailure, type AuthFailure } from './failures.js';

/**
 * Reads `Authorization: Bearer <token>` and checks the token's shape offline.
 * Returns the token or the failure; never touches the database.
 */
export function readBearerToken(header: string | null, prefix: string): { token: string } | AuthFailure {
  if (header === null || header.trim() === '') return authFailure('missing');
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return authFailure('malformed_header');
  const parsed = parseToken(match[1], prefix);
  if (!parsed.ok) return authFailure('malformed_token');
  return { token: parsed.token };
}
