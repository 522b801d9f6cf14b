import { describe, expect, it } from 'vitest';
import { isPrivateAddress, resolveTarget, TargetError, urlProblem } from './targets.js';

describe('webhook targets (SSRF)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.0.0.1', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['140.82.112.3', false],
    ['::1', true],
    ['::', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2606:4700::1111', false],
    ['not an address', true],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it.each([
    ['ftp://example.com/x', /https/],
    ['javascript:alert(1)', /https/],
    ['https://user:pw@example.com/', /user name or password/],
    ['nonsense', /not valid/],
  ])('refuses the URL %s', (url, message) => {
    expect(urlProblem(url)).toMatch(message);
  });

  it('checks every address a name resolves to, and connects to the one it checked', async () => {
    const answers = {
      public: [{ address: '140.82.112.3', family: 4 }],
      mixed: [
        { address: '140.82.112.3', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
    };
    let answer = answers.public;
    const resolve = async () => answer;
    const target = await resolveTarget('https://hooks.example.com/in', { allowPrivate: false, resolve });
    expect(target).toMatchObject({ address: '140.82.112.3', family: 4 });
    expect(target.url.hostname).toBe('hooks.example.com');
    // The same name, asked again at send time, now also answers with a private address (rebinding).
    answer = answers.mixed;
    await expect(resolveTarget('https://hooks.example.com/in', { allowPrivate: false, resolve })).rejects.toThrow(
      /resolves to 10\.0\.0\.7/,
    );
    await expect(resolveTarget('https://hooks.example.com/in', { allowPrivate: true, resolve })).resolves.toMatchObject(
      { address: '140.82.112.3' },
    );
    await expect(
      resolveTarget('https://nowhere.example/', {
        allowPrivate: false,
        resolve: async () => {
          throw new Error('ENOTFOUND');
        },
      }),
    ).rejects.toThrow(TargetError);
  });
});
