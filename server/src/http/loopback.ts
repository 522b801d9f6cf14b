// Who may use the development conveniences (the demo token GraphiQL pre-fills,
// the password-less dev sign-in and its user list): the developer's own browser
// on this machine, and nobody else. One rule, in one place:
//
// 1. The server itself listens on a loopback address (HOST is 127.0.0.0/8, ::1
//    or `localhost`): a server on 0.0.0.0 or a LAN address is reachable by other
//    machines, whatever the request says.
// 2. The request's Host header is a loopback name or address (`localhost`,
//    `127.0.0.1`, `[::1]`) with the port the request arrived on. A DNS-rebinding
//    page (evil.example re-pointed at 127.0.0.1) is same-origin with its own
//    name, so its requests carry `Host: evil.example`; checking the Host header
//    is what stops it. Other names that happen to resolve to this machine do
//    not count either.
// 3. The connection comes from a loopback address and names no proxy
//    (Forwarded, X-Forwarded-*): a reverse proxy or tunnel on this machine
//    (nginx, ngrok, cloudflared) relays other people's requests.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

const LOOPBACK_HOST_HEADER = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/i;
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'] as const;

/** True for an address or name that only this machine can reach (127.0.0.0/8, ::1, ::ffff:127.x, localhost). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (bare.toLowerCase() === 'localhost') return true;
  const version = isIP(bare);
  if (version === 4) return bare.startsWith('127.');
  if (version === 6) {
    const lower = bare.toLowerCase();
    if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped !== null && mapped[1]!.startsWith('127.');
  }
  return false;
}

/** True when a Host header names this machine's loopback interface on `port` (no port means 80). */
export function isLoopbackHostHeader(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = LOOPBACK_HOST_HEADER.exec(host.trim());
  if (!match) return false;
  return Number(match[2] ?? '80') === port;
}

export interface LoopbackRequest {
  /** The Host header. */
  host: string | undefined;
  /** The local port the connection arrived on (the port the server listens on). */
  localPort: number | undefined;
  /** The peer's address. */
  remoteAddress: string | undefined;
  /** The request names a proxy (Forwarded, X-Forwarded-For, ...). */
  proxied: boolean;
}

export function describeRequest(req: IncomingMessage): LoopbackRequest {
  return {
    host: req.headers.host,
    localPort: req.socket.localPort,
    remoteAddress: req.socket.remoteAddress,
    proxied: PROXY_HEADERS.some((name) => req.headers[name] !== undefined),
  };
}

/** The rule above, for a server listening on `listenHost`. */
export function allowsDevConveniences(listenHost: string, request: LoopbackRequest): boolean {
  return (
    isLoopbackAddress(listenHost) &&
    request.localPort !== undefined &&
    isLoopbackHostHeader(request.host, request.localPort) &&
    isLoopbackAddress(request.remoteAddress) &&
    !request.proxied
  );
}

/** Decides for one incoming request; built once from HOST. */
export type DevAccess = (req: IncomingMessage | undefined) => boolean;

export function createDevAccess(listenHost: string): DevAccess {
  if (!isLoopbackAddress(listenHost)) return () => false;
  return (req) => req !== undefined && allowsDevConveniences(listenHost, describeRequest(req));
}
