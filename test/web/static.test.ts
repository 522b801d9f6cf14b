// The token page's files (server/src/http/static.ts, on sirv): page routes get
// index.html, never cached and under the page's CSP; hashed assets are cached for
// good; the API's paths are never the page's; nothing outside the build is served;
// a build made while the server runs is picked up; no build is a clear 503.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebHandler } from '../../server/src/http/static.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { rawRequest } from '../support/raw-request.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ensureWebBuilt } from './support/web-build.js';

const INDEX = '<!doctype html><title>page</title><script type="module" src="/assets/app-1a2b3c.js"></script>';
const TOKEN_ROUTE = '/tokens/0192f0c4-7b1e-7cc0-8000-000000000001';

describe('the web handler on a build directory', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'api-tokens-web-'));
    writeFileSync(path.join(dir, '..', `${path.basename(dir)}-secret.txt`), 'outside');
    const serveWeb = createWebHandler(path.join(dir, 'dist'));
    // What the real server does with a path the page does not take: the API's 404.
    server = createServer((req, res) => {
      if (serveWeb(req, res, req.url!.split('?')[0]!)) return;
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"not":"page"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(`${dir}-secret.txt`, { force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with a clear message until the page is built, and only for page routes', async () => {
    for (const route of ['/', TOKEN_ROUTE]) {
      const response = await rawRequest(`${url}${route}`);
      expect(response.status, route).toBe(503);
      expect(response.body).toContain('has not been built');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    expect((await rawRequest(`${url}/assets/app-1a2b3c.js`)).status).toBe(404);
  });

  it('serves a build made while it runs: the page at its routes, assets cached for good', async () => {
    write('dist/index.html', INDEX);
    write('dist/assets/app-1a2b3c.js', 'console.log(1)');
    write('dist/robots.txt', 'User-agent: *');
    for (const route of [
      '/',
      '/index.html',
      TOKEN_ROUTE,
      `${TOKEN_ROUTE}?tab=usage`,
      '/tokens',
      '/settings/profile/',
    ]) {
      const response = await rawRequest(`${url}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.body, route).toBe(INDEX);
      expect(response.headers['content-type'], route).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], route).toBe('no-store');
      expect(response.headers['content-security-policy'], route).toContain("script-src 'self'");
    }
    const asset = await rawRequest(`${url}/assets/app-1a2b3c.js`);
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBeUndefined();
    const robots = await rawRequest(`${url}/robots.txt`);
    expect([robots.status, robots.body, robots.headers['cache-control']]).toEqual([200, 'User-agent: *', 'no-cache']);
    const head = await rawRequest(`${url}${TOKEN_ROUTE}`, { method: 'HEAD' });
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', String(INDEX.length)]);
  });

  it('revalidates with an ETag', async () => {
    const first = await rawRequest(`${url}/robots.txt`);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    expect((await rawRequest(`${url}/robots.txt`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('leaves the API’s paths, other methods and missing files alone', async () => {
    for (const route of [
      '/graphql',
      '/graphql/x',
      '/graphiql/assets/x',
      '/auth/nope',
      '/metrics',
      '/healthz',
      '/readyz',
      '/secret-scanning',
      '/assets/missing-000000.js',
      '/favicon.ico',
    ]) {
      const response = await rawRequest(`${url}${route}`);
      expect([response.status, response.body], route).toEqual([404, '{"not":"page"}']);
    }
    const post = await rawRequest(`${url}/`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(404);
  });

  it('serves nothing outside the build, however the path is spelled', async () => {
    const secret = `${path.basename(dir)}-secret.txt`;
    for (const route of [
      `/../../${secret}`,
      `/assets/../../../${secret}`,
      `/assets/..%2f..%2f..%2f${secret}`,
      `/%2e%2e/%2e%2e/${secret}`,
      '/assets/..%2f..%2fpackage.json',
      '/.env',
    ]) {
      const response = await rawRequest(`${url}${route}`);
      expect(response.body, route).not.toContain('outside');
      expect(response.status, route).toBe(404);
    }
  });

  it('picks up a rebuild: new hashed names are served, old ones are gone', async () => {
    rmSync(path.join(dir, 'dist', 'assets', 'app-1a2b3c.js'));
    write('dist/assets/app-4d5e6f.js', 'console.log(2)');
    write('dist/index.html', INDEX.replace('1a2b3c', '4d5e6f'));
    // A build can finish within the file system's timestamp resolution: make the change visible.
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(dir, 'dist', 'index.html'), later, later);
    expect((await rawRequest(`${url}/`)).body).toContain('app-4d5e6f.js');
    expect((await rawRequest(`${url}/assets/app-4d5e6f.js`)).body).toBe('console.log(2)');
    expect((await rawRequest(`${url}/assets/app-1a2b3c.js`)).status).toBe(404);
  });
});

describe('the real server', () => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    ensureWebBuilt();
    database = await createTestDatabase();
    server = await startTestServer(database);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('serves the token page at a token’s own route, and the API stays the API', async () => {
    const home = await rawRequest(`${server.url}/`);
    const page = await rawRequest(`${server.url}${TOKEN_ROUTE}`);
    expect(page.status).toBe(200);
    expect(page.body).toBe(home.body);
    expect(page.body).toMatch(/src="\/assets\/[^"]+\.js"/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const graphql = await rawRequest(`${server.url}/graphql?query=%7B__typename%7D`, {
      headers: { accept: 'application/json' },
    });
    expect(graphql.headers['content-type']).toMatch(/json/);
    expect(graphql.body).not.toContain('<!doctype');
    for (const route of ['/auth/nope', '/graphiql/assets/nope.js', '/assets/nope-000000.js']) {
      const response = await rawRequest(`${server.url}${route}`);
      expect(response.status, route).toBe(404);
      expect(response.body, route).not.toContain('<!doctype');
    }
  });
});
