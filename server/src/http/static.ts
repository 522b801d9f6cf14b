// Serves the built web page (web/dist) with sirv: the page's own routes (`/`,
// `/tokens/<id>`, any extensionless path outside the API's) answer with its
// index.html, never cached and under a strict Content-Security-Policy; the hashed
// files Vite emits under /assets/ are cached for good; anything else there must be
// revalidated. The API's paths are never the page's, so a typo in one is the API's
// 404, not a page.
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths that belong to the API and the server's own routes: never the page, never a file. */
const API_PATHS = /^\/(graphql|graphiql|auth|metrics|healthz|readyz|secret-scanning)(\/|$)/;

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

type Sirv = ReturnType<typeof sirv>;

/** What the page serves at a path sirv answered: the page itself (index.html or the fallback to it), or a file. */
function setCacheHeaders(res: ServerResponse, pathname: string): void {
  const extension = path.posix.extname(pathname);
  if (extension === '' || extension === '.html') {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-security-policy', PAGE_CSP);
  } else if (pathname.startsWith('/assets/')) {
    // Vite puts a content hash in every name under assets/: a new build means new names.
    res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  } else {
    res.setHeader('cache-control', 'no-cache');
  }
}

/** Returns a handler that answers GET/HEAD for the page and its files and returns false for anything else. */
export function createWebHandler(webDir: string = DEFAULT_WEB_DIR) {
  const root = path.resolve(webDir);
  const index = path.join(root, 'index.html');
  // sirv lists the directory once; a rebuild (new index.html) gets a fresh list, so
  // `pnpm build:web` while the server runs needs no restart.
  let served: { builtAt: number; handler: Sirv } | undefined;
  const handlerFor = (builtAt: number): Sirv => {
    if (served?.builtAt !== builtAt) {
      served = {
        builtAt,
        handler: sirv(root, {
          // Unknown paths get index.html (the page routes them), except a file's: a name with an
          // extension, however encoded, or anything under assets/ is a 404.
          single: true,
          ignores: ['^/assets/', '\\.[a-z0-9]+$'],
          etag: true,
          gzip: true, // a pre-compressed `file.gz` beside a file, when the build makes one
          brotli: true,
          dotfiles: false,
          setHeaders: setCacheHeaders,
        }),
      };
    }
    return served.handler;
  };

  return function serveWeb(req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (API_PATHS.test(urlPath)) return false;
    const builtAt = statSync(index, { throwIfNoEntry: false })?.mtimeMs;
    if (builtAt === undefined) {
      if (path.posix.extname(urlPath) !== '') return false;
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
      return true;
    }
    let handled = true;
    handlerFor(builtAt)(req, res, () => {
      handled = false;
    });
    return handled;
  };
}
