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
  /** Answers the next requests to `path` with these, in order; then with its fallback (200 unless set). */
  respond(path: string, ...behaviours: Behaviour[]): void;
  /** How requests to `path` are answered once its queue is empty. */
  setFallback(path: string, behaviour: Behaviour): void;
  /** The most requests to `path` it had in flight at once. */
  maxInFlight(path: string): number;
  /** The body, once its signature has been verified with `secret` (throws otherwise). */
  verify(request: Received, secret: string): { type: string; timestamp: string; data: any };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  // Per path, so that one test's answers are never taken by another test's late delivery.
  const queues = new Map<string, Behaviour[]>();
  const fallbacks = new Map<string, Behaviour>();
  const inFlight = new Map<string, number>();
  const most = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const receiver: Omit<Receiver, 'url' | 'verify' | 'close'> = {
    received: [],
    maxInFlight: (path: string) => most.get(path) ?? 0,
    respond: (path: string, ...behaviours: Behaviour[]) => {
      queues.set(path, [...(queues.get(path) ?? []), ...behaviours]);
    },
    setFallback: (path: string, behaviour: Behaviour) => {
      fallbacks.set(path, behaviour);
    },
  };
  const server: Server = createServer((req, res) => {
    const key = req.url ?? '/';
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    most.set(key, Math.max(most.get(key) ?? 0, inFlight.get(key)!));
    const done = () => inFlight.set(key, inFlight.get(key)! - 1);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const path = req.url ?? '/';
      const behaviour = queues.get(path)?.shift() ?? fallbacks.get(path) ?? 200;
      if (behaviour === 'hang') {
        hanging.add(res);
        res.on('close', () => {
          hanging.delete(res);
          done();
        });
        return;
      }
      done();
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
