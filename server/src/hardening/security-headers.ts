// Security headers on every HTTP response (GraphQL, health, metrics). API
// responses are never cached: some carry a plaintext token, all are per caller.
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cache-control': 'no-store',
};

// JSON responses load nothing; GraphiQL's page (GET text/html) needs its CDN assets.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { https: boolean }): void {
  for (const [name, value] of Object.entries(ALWAYS)) res.setHeader(name, value);
  const wantsHtml = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
  if (!wantsHtml) res.setHeader('content-security-policy', API_CSP);
  if (options.https) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
