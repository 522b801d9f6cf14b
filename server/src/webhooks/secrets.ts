// How an endpoint's signing secret is kept. The server needs the secret itself to
// sign every delivery, so it cannot keep only a digest, as it does for tokens. With
// WEBHOOK_SECRET_KEY it keeps the secret sealed (crypto/vault.ts), bound to the
// endpoint's row, so a copy of the database (a backup, a replica, a dump) does not
// hold a usable secret without the key; without a key it keeps it as it is.
import { createVault, type Vault } from '../crypto/vault.js';
import type { EncryptionKey } from '../config.js';

/** The three columns of `webhook_endpoints` that hold the secret: one way or the other, never both. */
export interface StoredSecret {
  secret: string | null;
  encryptedSecret: Uint8Array<ArrayBuffer> | null;
  secretKeyId: string | null;
}

/** Associated data: the table and the row, so a sealed secret opens on its own endpoint only. */
const boundTo = (endpointId: string) => `webhook_endpoints:${endpointId}`;

/** A secret that cannot be opened: its key is no longer configured, or the stored value was altered. */
export class SecretUnavailableError extends Error {}

export interface SecretStore {
  /** Whether new secrets are sealed (WEBHOOK_SECRET_KEY is set). */
  readonly sealing: boolean;
  /** The columns to write for `secret` on endpoint `endpointId`. */
  store(endpointId: string, secret: string): StoredSecret;
  /** The secret, to sign with; SecretUnavailableError when it cannot be opened. */
  open(endpointId: string, stored: StoredSecret): string;
  /** Whether a rewrite would change how it is kept: plaintext while a key is set, or sealed with an older key. */
  outdated(stored: Pick<StoredSecret, 'secretKeyId'>): boolean;
}

export function createSecretStore(keys: readonly EncryptionKey[]): SecretStore {
  const vault: Vault = createVault(keys);
  return {
    sealing: vault.enabled,
    store(endpointId, secret) {
      if (!vault.enabled) return { secret, encryptedSecret: null, secretKeyId: null };
      const sealed = vault.seal(boundTo(endpointId), secret);
      return { secret: null, encryptedSecret: sealed.blob, secretKeyId: sealed.keyId };
    },
    open(endpointId, stored) {
      if (stored.secret !== null) return stored.secret;
      const { encryptedSecret, secretKeyId } = stored;
      if (encryptedSecret === null || secretKeyId === null) {
        throw new SecretUnavailableError('The endpoint has no signing secret stored.');
      }
      if (!vault.canOpen(secretKeyId)) {
        throw new SecretUnavailableError(
          `The signing secret is encrypted with key "${secretKeyId}", which WEBHOOK_SECRET_KEY does not list: add that key back (after the current one) and the delivery is retried.`,
        );
      }
      const secret = vault.open(boundTo(endpointId), { keyId: secretKeyId, blob: encryptedSecret });
      if (secret === null) {
        throw new SecretUnavailableError(
          `The signing secret does not decrypt with key "${secretKeyId}": the stored value or the key was changed.`,
        );
      }
      return secret;
    },
    outdated: (stored) => vault.enabled && stored.secretKeyId !== vault.currentKeyId,
  };
}
