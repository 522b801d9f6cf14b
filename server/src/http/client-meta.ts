import type { IncomingMessage } from 'node:http';
import type { RequestMeta } from '../audit/audit.js';

export function requestMeta(request: Request, req: IncomingMessage | undefined, trustProxy: boolean): RequestMeta {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return {
    ip: forwarded || req?.socket.remoteAddress || null,
    userAgent: request.headers.get('user-agent'),
  };
}
