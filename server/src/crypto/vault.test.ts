import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault } from './vault.js';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('vault (AES-256-GCM)', () => {
  it('seals with the first key and opens what it sealed', () => {
    const vault = createVault([key('k2'), key('k1')]);
    const sealed = vault.seal('tok-1', 'pat_secret');
    expect(sealed.keyId).toBe('k2');
    expect(Buffer.from(sealed.blob).includes(Buffer.from('pat_secret'))).toBe(false);
    expect(vault.open('tok-1', sealed)).toBe('pat_secret');
  });

  it('uses a fresh nonce every time', () => {
    const vault = createVault([key('k')]);
    expect(Buffer.from(vault.seal('t', 'v').blob).equals(Buffer.from(vault.seal('t', 'v').blob))).toBe(false);
  });

  it('still opens values of an older key after rotation, and not those of a removed key', () => {
    const old = key('old');
    const sealed = createVault([old]).seal('t', 'value');
    expect(createVault([key('new'), old]).open('t', sealed)).toBe('value');
    expect(createVault([key('new'), old]).canOpen('old')).toBe(true);
    expect(createVault([key('new')]).open('t', sealed)).toBeNull();
    expect(createVault([key('new')]).canOpen('old')).toBe(false);
  });

  it('refuses a blob moved to another token, a tampered blob and a wrong key with the same id', () => {
    const k = key('k');
    const vault = createVault([k]);
    const sealed = vault.seal('t1', 'value');
    expect(vault.open('t2', sealed)).toBeNull();
    const tampered = new Uint8Array(sealed.blob);
    tampered[tampered.length - 1]! ^= 1;
    expect(vault.open('t1', { keyId: 'k', blob: tampered })).toBeNull();
    expect(createVault([key('k')]).open('t1', sealed)).toBeNull();
  });

  it('is disabled without keys', () => {
    const vault = createVault([]);
    expect(vault.enabled).toBe(false);
    expect(vault.currentKeyId).toBeNull();
    expect(createVault([key('new'), key('old')]).currentKeyId).toBe('new');
    expect(() => vault.seal('t', 'v')).toThrow();
  });
});
