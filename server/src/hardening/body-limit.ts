// Caps the request body before Yoga reads it: a declared Content-Length over the
// limit is a 413; a POST without Content-Length (chunked) is a 411, because its
// size cannot be checked up front.
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
