/**
 * Who is asking, as far as the network can tell: the client address that rate limits count by (in
 * memory only; an address is never written anywhere).
 */
import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from '../env.js';

/** The peer of the connection (node:http passes `req` as the server context); null in `yoga.fetch`. */
function socketAddress(serverContext: unknown): string | null {
  return (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress ?? null;
}

/** `::ffff:10.0.0.1` is 10.0.0.1. */
const normalize = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.)/i, '');

/** Whether an address is one of the trusted proxies' addresses or networks. */
function proxyMatcher(addresses: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of addresses) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client's address. Without trusted proxies, the socket's peer. Behind them, X-Forwarded-For read
 * from the right (the entries the proxies appended; anything to the left is what the client claimed):
 * with a hop count, the address that many hops out; with proxy addresses, the first that is not one.
 * Null when unknown (`yoga.fetch` in tests).
 */
export function createClientAddress(trust: TrustProxy): (request: Request, serverContext: unknown) => string | null {
  const isProxy = trust && 'addresses' in trust ? proxyMatcher(trust.addresses) : null;
  return (request, serverContext) => {
    const peer = socketAddress(serverContext);
    if (peer === null || trust === null) return peer === null ? null : normalize(peer);
    const forwarded = (request.headers.get('x-forwarded-for') ?? '').split(',').map(normalize).filter(Boolean);
    // Nearest first: the peer, then the forwarded entries from the right.
    const hops = [normalize(peer), ...forwarded.reverse()];
    if ('hops' in trust) return hops[Math.min(trust.hops, hops.length - 1)]!;
    return hops.find((address) => !isProxy!(address)) ?? hops[hops.length - 1]!;
  };
}

export type ClientAddress = ReturnType<typeof createClientAddress>;
