// Serves the built web page (web/dist): `/` is its index.html, and the hashed
// files Vite emits are cached for good; the page's routes (`/tokens/<id>`) answer index.html too. Nothing else is served from disk.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// The page loads only its own files and talks only to this server.
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>API tokens</title>
<p>The web page has not been built. Run <code>pnpm --filter @api-tokens/web build</code> (or <code>pnpm start</code>, which builds it).</p>
<p>The GraphQL API is at <a href="/graphql">/graphql</a>.</p></html>`;

// The page's own routes (History API): each answers index.html, which then renders the view.
const PAGE_ROUTES = /^\/(?:index\.html|tokens\/[^/]+)?$/;

/** Returns a handler that answers GET/HEAD for the page's files and returns false for anything else. */
export function createWebHandler(webDir: string = DEFAULT_WEB_DIR) {
  const root = path.resolve(webDir);
  return function serveWeb(req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (PAGE_ROUTES.test(urlPath)) {
      const index = path.join(root, 'index.html');
      if (!existsSync(index)) {
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
        return true;
      }
      return sendFile(req, res, index, { 'cache-control': 'no-store', 'content-security-policy': PAGE_CSP });
    }
    if (urlPath === '/graphql' || urlPath.startsWith('/auth/')) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return false;
    }
    const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
    if (!file.startsWith(root + path.sep) || !TYPES[path.extname(file)]) return false;
    const immutable = file.startsWith(path.join(root, 'assets') + path.sep);
    return sendFile(req, res, file, { 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  };
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): boolean {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return false;
    size = stat.size;
  } catch {
    return false;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': String(size), ...headers });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}
