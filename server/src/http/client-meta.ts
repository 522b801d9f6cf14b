import type { IncomingMessage } from 'node:http';
import type { RequestMeta } from '../audit/audit.js';

export function requestMeta(request: Request, req: IncomingMessage | undefined, trustProxy: boolean): RequestMeta {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return {
    ip: forwarded || req?.socket.remoteAddress || null,
    userAgent: request.headers.get('user-agent'),
  };
}

/** The same, for a route served by node:http alone (outside Yoga). */
export function nodeRequestMeta(req: IncomingMessage, trustProxy: boolean): RequestMeta {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  const forwarded = trustProxy ? header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return { ip: forwarded || req.socket.remoteAddress || null, userAgent: header('user-agent') };
}
