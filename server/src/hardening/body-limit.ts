// Caps the request body before Yoga reads it: a declared Content-Length over the
// limit is a 413; a POST without Content-Length (chunked) is a 411, because its
// size cannot be checked up front.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';

export function bodyLimitPlugin(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
      const declared = request.headers.get('content-length');
      const reject = (status: number, message: string) =>
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'LENGTH_REQUIRED' } }],
            }),
            {
              status,
              headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
            },
          ),
        );
      if (declared === null) {
        if (request.headers.get('transfer-encoding'))
          reject(411, 'Send a Content-Length header with the request body.');
        return;
      }
      const length = Number(declared);
      if (!Number.isFinite(length) || length > maxBytes) {
        reject(413, `The request body is larger than the limit of ${maxBytes} bytes.`);
      }
    },
  };
}

/** What readLimitedBody refuses: the same rule as the plugin (413 over the limit, 411 chunked). */
export interface BodyRefusal {
  status: 411 | 413;
  code: 'LENGTH_REQUIRED' | 'PAYLOAD_TOO_LARGE';
  message: string;
}

/**
 * Reads a plain node:http request's body, at most `maxBytes` (routes outside Yoga,
 * e.g. POST /secret-scanning): refused by its Content-Length before reading, or
 * while reading if more arrives than declared.
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | BodyRefusal> {
  const tooLarge: BodyRefusal = {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than the limit of ${maxBytes} bytes.`,
  };
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding']) {
    return Promise.resolve({
      status: 411,
      code: 'LENGTH_REQUIRED',
      message: 'Send a Content-Length header with the request body.',
    });
  }
  if (declared !== undefined && !(Number(declared) <= maxBytes)) return Promise.resolve(tooLarge);
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
