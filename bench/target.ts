// A baseline process, started by the harness (pinned to its own CPU when
// possible). Modes:
//   raw   – node:http answering a fixed JSON body (the machine's limit)
//   yoga  – a bare graphql-yoga server answering { hello } (the framework's limit)
// It reports `ready` with its URL over IPC and exits on `stop`. (The real server
// is started as production runs it: see app-server.ts.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BaselineMode = 'raw' | 'yoga';

export type TargetMessage = { type: 'ready'; url: string } | { type: 'error'; message: string };

function send(message: TargetMessage): void {
  process.send?.(message);
}

async function listenLocal(server: Server): Promise<string> {
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const mode = (process.env.BENCH_BASELINE ?? 'raw') as BaselineMode;
  let server: Server;
  if (mode === 'raw') {
    const body = JSON.stringify({ data: { hello: 'world' } });
    server = createServer((req, res) => {
      // Drain the request body like a real server would.
      req.resume();
      req.on('end', () => {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      });
    });
  } else {
    const { createSchema, createYoga } = await import('graphql-yoga');
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { hello: String! }',
        resolvers: { Query: { hello: () => 'world' } },
      }),
      graphqlEndpoint: '/graphql',
      landingPage: false,
      graphiql: false,
      logging: false,
    });
    server = createServer(yoga);
  }
  send({ type: 'ready', url: await listenLocal(server) });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('message', (message: { cmd: string }) => {
    if (message.cmd === 'stop') stop();
  });
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
