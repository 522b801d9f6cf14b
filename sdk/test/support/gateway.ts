// A real HTTP hop in front of the real server, standing in for the load
// balancer or API gateway an integrator meets in production: it can answer 429
// or 5xx itself, the way such gateways do, so those error paths are exercised
// over real HTTP without faking the API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A canned answer, 'forward' to the upstream server, or 'hang': never answer (until the client gives up). */
export type GatewayAnswer = { status: number; headers?: Record<string, string>; body: string } | 'forward' | 'hang';

export interface Gateway {
  url: string;
  /** What requests get once `queue` is empty; 'forward' passes them to the upstream server. */
  answer: GatewayAnswer;
  /** Answers for the next requests, one each, before `answer` applies. */
  queue: GatewayAnswer[];
  /** Headers of every request the gateway received. */
  seen: http.IncomingHttpHeaders[];
  /** Requests whose client closed the connection before an answer (timeouts, aborts). */
  abandoned: number;
  close(): Promise<void>;
}

export async function startGateway(upstream: string): Promise<Gateway> {
  const gateway: Gateway = { url: '', answer: 'forward', queue: [], seen: [], abandoned: 0, close: async () => {} };
  const server = http.createServer(async (req, res) => {
    gateway.seen.push(req.headers);
    res.on('close', () => {
      if (!res.writableFinished) gateway.abandoned += 1;
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = gateway.queue.shift() ?? gateway.answer;
    if (answer === 'hang') return;
    if (answer !== 'forward') {
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
      ),
    );
    const upstreamResponse = await fetch(new URL(req.url ?? '/', upstream), {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
    });
    res.writeHead(upstreamResponse.status, Object.fromEntries(upstreamResponse.headers));
    res.end(Buffer.from(await upstreamResponse.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gateway;
}

/** A URL on which nothing listens: a port that was just free. */
export async function unusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}
