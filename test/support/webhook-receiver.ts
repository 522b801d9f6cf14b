// A local webhook receiver for the tests: records every request (headers and the
// raw body), answers as told (a status, or never: to test time limits), and
// verifies Standard Webhooks signatures with the `standardwebhooks` package, as an
// integrator's receiver would.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with a request: answer with a status, or hang until the sender gives up. */
export type Behaviour = number | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers the next requests with these, in order; then with `fallback`. */
  respond(...behaviours: Behaviour[]): void;
  fallback: Behaviour;
  /** The most requests it had in flight at once. */
  maxInFlight: number;
  /** The body, once its signature has been verified with `secret` (throws otherwise). */
  verify(request: Received, secret: string): { type: string; timestamp: string; data: any };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const queue: Behaviour[] = [];
  let inFlight = 0;
  const hanging = new Set<ServerResponse>();
  const receiver: Omit<Receiver, 'url' | 'verify' | 'close'> = {
    received: [],
    fallback: 200,
    maxInFlight: 0,
    respond: (...behaviours: Behaviour[]) => {
      queue.push(...behaviours);
    },
  };
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    receiver.maxInFlight = Math.max(receiver.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const behaviour = queue.shift() ?? receiver.fallback;
      if (behaviour === 'hang') {
        hanging.add(res);
        res.on('close', () => {
          hanging.delete(res);
          inFlight -= 1;
        });
        return;
      }
      inFlight -= 1;
      res.writeHead(behaviour, { 'content-type': 'text/plain' });
      res.end(behaviour >= 400 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const verify: Receiver['verify'] = (request, secret) =>
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    }) as ReturnType<Receiver['verify']>;
  const close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    verify,
    close,
  });
}
