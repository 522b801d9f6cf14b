import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature } from './signature.js';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const github = pair();
const stranger = pair();
const keys = [{ id: 'k1', key: github.publicKey }];
const body = Buffer.from('[{"token":"pat_x","type":"t","url":"https://example.com","source":"commit"}]');
const signed = (data: Uint8Array, by = github.privateKey) =>
  sign('sha256', data, { key: by, dsaEncoding: 'der' }).toString('base64');

describe('leak report signatures (ECDSA P-256, SHA-256, DER in base64)', () => {
  it('accepts the body signed by a configured key', () => {
    expect(checkSignature(body, { keyId: 'k1', signature: signed(body) }, keys, false)).toEqual({
      ok: true,
      keyId: 'k1',
    });
  });

  it.each([
    ['a wrong key', { keyId: 'k1', signature: signed(body, stranger.privateKey) }, 'signature_invalid'],
    ['an unknown key identifier', { keyId: 'k9', signature: signed(body) }, 'unknown_key'],
    ['a tampered body', { keyId: 'k1', signature: signed(Buffer.from(`${body} `)) }, 'signature_invalid'],
    ['a signature that is not base64', { keyId: 'k1', signature: 'not base64!' }, 'signature_invalid'],
    [
      'a signature that is not DER',
      { keyId: 'k1', signature: Buffer.from('junk').toString('base64') },
      'signature_invalid',
    ],
    ['no headers', { keyId: null, signature: null }, 'signature_missing'],
    ['no signature', { keyId: 'k1', signature: null }, 'signature_missing'],
    ['no key identifier', { keyId: null, signature: signed(body) }, 'signature_missing'],
  ] as const)('refuses %s', (_label, headers, reason) => {
    expect(checkSignature(body, headers, keys, false)).toEqual({ ok: false, reason });
  });

  it('lets unsigned reports through only when allowed, and still checks a signature that is present', () => {
    expect(checkSignature(body, { keyId: null, signature: null }, keys, true)).toEqual({ ok: true, keyId: null });
    expect(checkSignature(body, { keyId: 'k1', signature: signed(body, stranger.privateKey) }, keys, true)).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
  });
});
