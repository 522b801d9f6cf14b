// A real HTTP hop in front of the real server, standing in for the load
// balancer or API gateway an integrator meets in production: it can answer 429
// or 5xx itself, the way such gateways do, so those error paths are exercised
// over real HTTP without faking the API.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type GatewayAnswer = { status: number; headers?: Record<string, string>; body: string } | 'forward';

export interface Gateway {
  url: string;
  /** What the next requests get; 'forward' passes them to the upstream server. */
  answer: GatewayAnswer;
  /** Headers of every request the gateway received. */
  seen: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

export async function startGateway(upstream: string): Promise<Gateway> {
  const gateway: Gateway = { url: '', answer: 'forward', seen: [], close: async () => {} };
  const server = http.createServer(async (req, res) => {
    gateway.seen.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = gateway.answer;
    if (answer !== 'forward') {
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host'),
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
  gateway.close = () => new Promise((resolve) => server.close(() => resolve()));
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
