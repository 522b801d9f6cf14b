// GraphiQL on `GET /graphql` (Accept: text/html), served entirely by this
// server: the page shell (graphiql-page.ts), GraphiQL's bundle, styles and
// editor workers from the @graphql-yoga/render-graphiql package (no CDN, so it
// works offline and behind firewalls), and in development the demo token.
//
//   GET /graphql                       the shell (Yoga's `graphiql` option with our renderer)
//   GET /graphiql/assets/<id>/<file>   bundle, styles, workers, icon; <id> is their digest, cached for good
//   GET /graphiql/demo-authorization   {"authorization": "Bearer …"}: loopback only (loopback.ts),
//                                      same-origin only, never cached
//
// Why a fetch and not the HTML: the page is the same for everyone and holds no
// secret; the token goes only to a script running on a loopback origin of this
// server, which must send a custom header (so a cross-site form or <img> cannot
// ask) and whose Origin/Sec-Fetch-Site must be this site. The rendered page only
// says whether to ask.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { shouldRenderGraphiQL, type GraphiQLOptions, type Plugin } from 'graphql-yoga';
import { isCrossSite } from '../hardening/csrf.js';
import { GRAPHIQL_CSP } from '../hardening/security-headers.js';
import { ASSET_PREFIX, DEMO_AUTHORIZATION_PATH, monacoPrelude, renderShell, START_SCRIPT } from './graphiql-page.js';
import type { DevAccess } from './loopback.js';

export const GRAPHIQL_TITLE = 'API tokens — GraphiQL';
export const DEFAULT_QUERY = `# You and your newest tokens: run with ▶ (Ctrl-Enter).
{
  viewer { email role workspace { name plan } }
  apiTokens(first: 10) {
    totalCount
    edges {
      node { id name hint createdAt lastUsedAt expiresAt }
    }
  }
}
`;
export const AUTHORIZATION_PLACEHOLDER = 'Bearer <paste a token here>';

interface Asset {
  type: string;
  body: Buffer;
  gzipped?: Promise<Buffer>;
}

interface Assets {
  base: string;
  files: Map<string, Asset>;
}

const compress = promisify(gzip);

// About 9 MB of JavaScript: loaded on the first GraphiQL request, never when GraphiQL is off.
async function loadAssets(): Promise<Assets> {
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const parts = [
    bundle.js,
    bundle.css,
    bundle.favicon,
    bundle.editorWorkerService,
    bundle.jsonWorker,
    bundle.graphqlWorker,
    START_SCRIPT,
  ];
  const hash = createHash('sha256');
  for (const part of [...parts, monacoPrelude('')]) hash.update(part).update('\0');
  const base = `${ASSET_PREFIX}${hash.digest('hex').slice(0, 16)}/`;
  const javascript = 'text/javascript; charset=utf-8';
  const favicon = /^data:([^;,]+);base64,(.*)$/s.exec(bundle.favicon);
  const files = new Map<string, Asset>([
    ['graphiql.js', { type: javascript, body: Buffer.from(monacoPrelude(base) + bundle.js) }],
    ['start.js', { type: javascript, body: Buffer.from(START_SCRIPT) }],
    ['graphiql.css', { type: 'text/css; charset=utf-8', body: Buffer.from(bundle.css) }],
    ['editor.worker.js', { type: javascript, body: Buffer.from(bundle.editorWorkerService) }],
    ['json.worker.js', { type: javascript, body: Buffer.from(bundle.jsonWorker) }],
    ['graphql.worker.js', { type: javascript, body: Buffer.from(bundle.graphqlWorker) }],
  ]);
  if (favicon) files.set('favicon.ico', { type: favicon[1]!, body: Buffer.from(favicon[2]!, 'base64') });
  return { base, files };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse): void {
  sendJson(res, 404, { errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] });
}

export interface GraphiQLSetupOptions {
  enabled: boolean;
  /** `Bearer <demo token>` of this instance (development only); read per request, since the token is issued after the app is built. */
  demoAuthorization: () => string | undefined;
  /** The loopback rule for development conveniences. */
  devAccess: DevAccess;
}

/** What the page's options carry besides Yoga's: whether to fetch the demo token. */
interface PageOptions extends GraphiQLOptions {
  demoAuthorization: boolean;
}

export interface GraphiQL {
  /** For createYoga: when and with what options GraphiQL renders, and how. */
  yogaOptions: {
    graphiql: false | ((request: Request, context?: { req?: IncomingMessage }) => GraphiQLOptions);
    renderGraphiQL: (options: GraphiQLOptions) => Promise<string>;
  };
  /** Gives the GraphiQL page its own Content-Security-Policy. */
  plugin: Plugin;
  /** Serves `/graphiql/*`; returns false for any other path (or when GraphiQL is off). */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

export function createGraphiQL(options: GraphiQLSetupOptions): GraphiQL {
  let assets: Promise<Assets> | undefined;
  const getAssets = () => {
    assets ??= loadAssets().catch((error: unknown) => {
      assets = undefined;
      throw error;
    });
    return assets;
  };

  const pageOptions = (req: IncomingMessage | undefined): PageOptions => ({
    title: GRAPHIQL_TITLE,
    defaultQuery: DEFAULT_QUERY,
    headers: JSON.stringify({ Authorization: AUTHORIZATION_PLACEHOLDER }, null, 2),
    // Never kept in storage (the start script's storage makes sure of it).
    shouldPersistHeaders: false,
    // GraphiQL authenticates with the header it shows, never with the token page's cookie.
    credentials: 'omit',
    demoAuthorization: options.demoAuthorization() !== undefined && options.devAccess(req),
  });

  const sendAsset = (req: IncomingMessage, res: ServerResponse, path: string) => {
    void getAssets().then(
      async ({ base, files }) => {
        const asset = path.startsWith(base) ? files.get(path.slice(base.length)) : undefined;
        if (!asset) return notFound(res);
        const gzipOk = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        let body = asset.body;
        if (gzipOk) {
          asset.gzipped ??= compress(asset.body); // once per asset, shared by concurrent requests
          body = await asset.gzipped;
        }
        res.writeHead(200, {
          'content-type': asset.type,
          'content-length': String(body.length),
          'cache-control': 'public, max-age=31536000, immutable',
          vary: 'accept-encoding',
          ...(gzipOk && { 'content-encoding': 'gzip' }),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { errors: [{ message: `GraphiQL's assets could not be loaded: ${String(error)}` }] });
      },
    );
  };

  const sendDemoAuthorization = (req: IncomingMessage, res: ServerResponse) => {
    const authorization = options.demoAuthorization();
    if (authorization === undefined || !options.devAccess(req)) return notFound(res);
    const headers = { get: (name: string) => [req.headers[name]].flat()[0] ?? null };
    if (isCrossSite(headers, [req.headers.host ?? ''])) {
      return sendJson(res, 403, {
        errors: [
          {
            message: 'Only GraphiQL on this site may fetch the demo token.',
            extensions: { code: 'FORBIDDEN', reason: 'csrf' },
          },
        ],
      });
    }
    sendJson(res, 200, { authorization });
  };

  return {
    yogaOptions: {
      graphiql: options.enabled ? (_request, context) => pageOptions(context?.req) : false,
      renderGraphiQL: async (rendered) => {
        const { base } = await getAssets();
        return renderShell(rendered.title ?? GRAPHIQL_TITLE, base, rendered);
      },
    },
    plugin: {
      onResponse({ request, response }) {
        if (
          options.enabled &&
          shouldRenderGraphiQL(request) &&
          response.headers.get('content-type')?.startsWith('text/html')
        ) {
          response.headers.set('content-security-policy', GRAPHIQL_CSP);
          response.headers.set('content-type', 'text/html; charset=utf-8');
        }
      },
    },
    handle(req, res, path) {
      if (!options.enabled || !path.startsWith('/graphiql/')) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        notFound(res);
        return true;
      }
      if (path === DEMO_AUTHORIZATION_PATH) sendDemoAuthorization(req, res);
      else if (path.startsWith(ASSET_PREFIX)) sendAsset(req, res, path);
      else notFound(res);
      return true;
    },
  };
}
