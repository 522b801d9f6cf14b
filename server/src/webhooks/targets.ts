// Which URLs a webhook may be sent to (SSRF): http or https only, no credentials in
// the URL, and — unless the operator allows it (WEBHOOK_ALLOW_PRIVATE_TARGETS) —
// no address on this machine or a private network: loopback, private ranges,
// link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, unique
// local and multicast, IPv4-mapped IPv6 forms of them included. Checked when an
// endpoint is registered and again at every send, on the addresses the name
// resolves to then; the connection is made to the checked address, so a name that
// changes its answer in between (DNS rebinding) gains nothing.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(network, prefix, 'ipv6');

/** Whether `address` (an IP) is on this machine or a private, link-local or reserved network. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

export class TargetError extends Error {
  override name = 'TargetError';
}

/** The URL's own problems (scheme, credentials), before any name is resolved; null when fine. */
export function urlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The URL is not valid.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Webhook URLs must use https (or http).';
  if (url.username || url.password) return 'Webhook URLs must not contain a user name or password.';
  if (!url.hostname) return 'The URL has no host.';
  if (raw.length > 2_000) return 'The URL is longer than 2000 characters.';
  return null;
}

export interface ResolvedTarget {
  url: URL;
  /** The address to connect to: checked, and used for the connection itself. */
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Resolves the URL's host and checks every address it has (an attacker's name may
 * answer with a public address and a private one). TargetError says why not.
 */
export async function resolveTarget(
  raw: string,
  options: { allowPrivate: boolean; resolve?: Resolver },
): Promise<ResolvedTarget> {
  const problem = urlProblem(raw);
  if (problem) throw new TargetError(problem);
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch {
      throw new TargetError(`The host name ${host} could not be resolved.`);
    }
  }
  if (addresses.length === 0) throw new TargetError(`The host name ${host} has no address.`);
  if (!options.allowPrivate) {
    const refused = addresses.find((candidate) => isPrivateAddress(candidate.address));
    if (refused)
      throw new TargetError(
        `${host} resolves to ${refused.address}, a loopback, private or link-local address: not allowed as a webhook target (the operator can allow it with WEBHOOK_ALLOW_PRIVATE_TARGETS).`,
      );
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
