// The signature of a leak report, as GitHub's secret scanning partner program signs
// it: ECDSA P-256 over the raw request body with SHA-256, the DER signature in
// base64 in `Github-Public-Key-Signature`, and the key named by
// `Github-Public-Key-Identifier`. The public keys come from configuration
// (SECRET_SCANNING_PUBLIC_KEYS): the server never fetches them. Pure: no I/O.
import { verify } from 'node:crypto';
import type { ScanningKey } from '../config.js';

export const KEY_ID_HEADER = 'github-public-key-identifier';
export const SIGNATURE_HEADER = 'github-public-key-signature';

export type SignatureCheck =
  | { ok: true; keyId: string | null }
  | { ok: false; reason: 'signature_missing' | 'unknown_key' | 'signature_invalid' };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a report's signature. Without both headers the report is unsigned: accepted
 * only when `allowUnsigned` (tests), refused otherwise. A signature that is present
 * is always checked, whatever `allowUnsigned` says.
 */
export function checkSignature(
  body: Uint8Array,
  headers: { keyId: string | null; signature: string | null },
  keys: readonly ScanningKey[],
  allowUnsigned: boolean,
): SignatureCheck {
  const { keyId, signature } = headers;
  if (!keyId && !signature)
    return allowUnsigned ? { ok: true, keyId: null } : { ok: false, reason: 'signature_missing' };
  if (!keyId || !signature) return { ok: false, reason: 'signature_missing' };
  const key = keys.find((candidate) => candidate.id === keyId.trim());
  if (!key) return { ok: false, reason: 'unknown_key' };
  const encoded = signature.trim();
  if (!BASE64.test(encoded)) return { ok: false, reason: 'signature_invalid' };
  try {
    const valid = verify('sha256', body, { key: key.key, dsaEncoding: 'der' }, Buffer.from(encoded, 'base64'));
    return valid ? { ok: true, keyId: key.id } : { ok: false, reason: 'signature_invalid' };
  } catch {
    // Not a DER signature at all.
    return { ok: false, reason: 'signature_invalid' };
  }
}
