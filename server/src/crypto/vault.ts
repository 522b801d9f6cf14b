// Secrets kept encrypted at rest: token values for opt-in re-viewing
// (TOKEN_ENCRYPTION_KEY) and webhook signing secrets (WEBHOOK_SECRET_KEY), each with
// its own keys. AES-256-GCM (node:crypto): a fresh 96-bit nonce per value, the
// 128-bit tag checked on decryption, and the row's id as associated data, so a
// ciphertext copied onto another row does not decrypt. The key id is stored beside
// the ciphertext so keys can rotate: the variable lists the current key first (it
// encrypts) and older ones after it (they still decrypt).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config.js';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedValue {
  keyId: string;
  /** nonce ‖ tag ‖ ciphertext */
  blob: Uint8Array<ArrayBuffer>;
}

export interface Vault {
  /** Whether the deployment has a key at all (values can be sealed). */
  readonly enabled: boolean;
  /** The key new values are sealed with (the first listed); null: none. */
  readonly currentKeyId: string | null;
  /** Whether a value sealed with this key id can still be opened. */
  canOpen(keyId: string | null): boolean;
  /** `rowId`: the id of the row the value is stored in (bound to it as associated data). */
  seal(rowId: string, value: string): SealedValue;
  /** The value, or null when the key is gone or the blob was tampered with (or belongs to another row). */
  open(rowId: string, sealed: { keyId: string; blob: Uint8Array }): string | null;
}

export function createVault(keys: readonly EncryptionKey[]): Vault {
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const current = keys[0];
  return {
    enabled: current !== undefined,
    currentKeyId: current?.id ?? null,
    canOpen: (keyId) => keyId !== null && byId.has(keyId),
    seal(rowId, value) {
      if (!current) throw new Error('no encryption key is configured');
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(Buffer.from(rowId));
      const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      const blob = new Uint8Array(Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]));
      return { keyId: current.id, blob };
    },
    open(rowId, sealed) {
      const key = byId.get(sealed.keyId);
      if (!key || sealed.blob.length <= NONCE_BYTES + TAG_BYTES) return null;
      const blob = Buffer.from(sealed.blob);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, NONCE_BYTES));
        decipher.setAAD(Buffer.from(rowId));
        decipher.setAuthTag(blob.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(blob.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return null;
      }
    },
  };
}
