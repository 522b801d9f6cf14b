// Tokens are long random secrets, so a fast hash is the right tool (a slow KDF
// would cost ~100 ms per request for no gain). With a pepper the digest is an
// HMAC, so a leaked table cannot be checked against guesses without the secret.
import { createHash, createHmac } from 'node:crypto';

export type TokenDigester = (token: string) => Uint8Array<ArrayBuffer>;

export function createDigester(pepper?: string): TokenDigester {
  if (pepper) {
    return (token) => new Uint8Array(createHmac('sha256', pepper).update(token).digest());
  }
  return (token) => new Uint8Array(createHash('sha256').update(token).digest());
}
