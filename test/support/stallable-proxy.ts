// A TCP proxy in front of the machine's PostgreSQL that the test can tell to stop
// forwarding while keeping every socket open: the network path of a stalled
// connection, without touching the server other people's tests use.
import net from 'node:net';

export interface StallableProxy {
  /** `databaseUrl` with its host and port pointing at the proxy. */
  urlFor(databaseUrl: string): string;
  /** Stop forwarding in both directions (sockets stay open; new ones are accepted and held). */
  stall(): void;
  /** Forward again, everything held included. */
  resume(): void;
  close(): Promise<void>;
}

export async function startStallableProxy(target: { host: string; port: number }): Promise<StallableProxy> {
  const sockets = new Set<net.Socket>();
  let stalled = false;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Not reading is what stalls the path: bytes wait in kernel buffers, as on a dead link.
    if (stalled) socket.pause();
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    track(client);
    track(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    urlFor(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    stall() {
      stalled = true;
      for (const socket of sockets) socket.pause();
    },
    resume() {
      stalled = false;
      for (const socket of sockets) socket.resume();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
