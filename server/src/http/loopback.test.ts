import { describe, expect, it } from 'vitest';
import { allowsDevConveniences, isLoopbackAddress, isLoopbackHostHeader, type LoopbackRequest } from './loopback.js';

const local: LoopbackRequest = { host: '127.0.0.1:4000', localPort: 4000, remoteAddress: '127.0.0.1', proxied: false };

describe('loopback rule for development conveniences', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])(
    'counts %s as a loopback listen address',
    (address) => expect(isLoopbackAddress(address)).toBe(true),
  );

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.10',
    '10.0.0.1',
    '::ffff:10.0.0.1',
    'example.test',
    'localhost.',
    'my.localhost',
    '',
    undefined,
  ])('does not count %s', (address) => expect(isLoopbackAddress(address)).toBe(false));

  it.each(['localhost:4000', 'LocalHost:4000', '127.0.0.1:4000', '[::1]:4000'])(
    'accepts Host %s on port 4000',
    (host) => {
      expect(isLoopbackHostHeader(host, 4000)).toBe(true);
    },
  );

  it.each([
    'evil.example:4000',
    'evil.example',
    'localhost:4001',
    'localhost',
    'localhost.:4000',
    'app.localhost:4000',
    '127.0.0.2:4000',
    '127.1:4000',
    '2130706433:4000',
    '0x7f000001:4000',
    '[::ffff:127.0.0.1]:4000',
    'localhost:4000@evil.example',
    'localhost:4000, evil.example',
    '',
    undefined,
  ])('refuses Host %s on port 4000', (host) => {
    expect(isLoopbackHostHeader(host, 4000)).toBe(false);
  });

  it('treats a Host without a port as port 80', () => {
    expect(isLoopbackHostHeader('localhost', 80)).toBe(true);
    expect(isLoopbackHostHeader('localhost:80', 80)).toBe(true);
  });

  it('allows the developer’s own browser on a loopback server', () => {
    expect(allowsDevConveniences('127.0.0.1', local)).toBe(true);
    expect(allowsDevConveniences('localhost', { ...local, host: 'localhost:4000' })).toBe(true);
    expect(allowsDevConveniences('::1', { ...local, host: '[::1]:4000', remoteAddress: '::1' })).toBe(true);
  });

  it('refuses a server that listens beyond loopback, whatever the request says', () => {
    for (const listen of ['0.0.0.0', '::', '192.168.1.10']) expect(allowsDevConveniences(listen, local)).toBe(false);
  });

  it('refuses a rebinding name, another port, a remote peer and a proxied request', () => {
    expect(allowsDevConveniences('127.0.0.1', { ...local, host: 'evil.example:4000' })).toBe(false);
    expect(allowsDevConveniences('127.0.0.1', { ...local, host: '127.0.0.1:5173' })).toBe(false);
    expect(allowsDevConveniences('127.0.0.1', { ...local, localPort: undefined })).toBe(false);
    expect(allowsDevConveniences('127.0.0.1', { ...local, remoteAddress: '192.168.1.20' })).toBe(false);
    expect(allowsDevConveniences('127.0.0.1', { ...local, proxied: true })).toBe(false);
  });
});
