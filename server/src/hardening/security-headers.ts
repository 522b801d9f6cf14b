// Security headers on every HTTP response (GraphQL, health, metrics). API
// responses are never cached: some carry a plaintext token, all are per caller.
// Responses that load something set their own policy over API_CSP: the token
// page (http/static.ts) and GraphiQL (http/graphiql.ts, GRAPHIQL_CSP below).
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

// JSON and plain answers load nothing.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// GraphiQL loads only this server's files and talks only to this server. Two
// allowances its bundle needs: inline styles (Monaco and React set style
// attributes and add <style> elements at run time; no script can be injected
// through them) and data: fonts and images (its CSS embeds them).
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  'font-src data:',
  "img-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function applySecurityHeaders(_req: IncomingMessage, res: ServerResponse, options: { https: boolean }): void {
  for (const [name, value] of Object.entries(ALWAYS)) res.setHeader(name, value);
  res.setHeader('content-security-policy', API_CSP);
  if (options.https) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
