/**
 * Limits on what one caller may ask: requests per client address and per token (rate-limiter-flexible,
 * in memory only: an address is never written anywhere), and the size of a GraphQL operation
 * (graphql-armor: depth, aliases, cost, tokens, directives). The body size and batch size have
 * their own limits (use-request-parser.ts, the ingestion contract).
 */
import { BlockList, isIP } from 'node:net';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { TrustProxy } from '../env.js';
import { apiError } from '../errors.js';
import { PUBLIC_PATHS } from './access.js';
import { errorResponse } from './http-error.js';
import { principalOf } from './use-auth.js';

export interface RateLimitOptions {
  /** Requests allowed per key and window; 0 turns the limit off. */
  points: number;
  windowSeconds: number;
  /** What is limited (in the error message). */
  per: string;
  /** The key of a request, or null to leave it unlimited. */
  keyOf(request: Request, serverContext: unknown): string | null;
}

/** Answers 429 with Retry-After (whole seconds) once a key has used its requests in the window. */
export function useRateLimit(options: RateLimitOptions): Plugin {
  if (options.points === 0) return {};
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.windowSeconds });
  return {
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (PUBLIC_PATHS.includes(url.pathname)) return;
      const key = options.keyOf(request, serverContext);
      if (key === null) return;
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        endResponse(
          errorResponse(fetchAPI, 429, 'RATE_LIMITED', `Too many requests ${options.per}; retry in ${retryAfter} s`, {
            'retry-after': String(retryAfter),
          }),
        );
      }
    },
  };
}

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

/** Per client address; place before authentication so that guessing tokens is limited too. */
export const useAddressRateLimit = (options: { points: number; windowSeconds: number; clientAddress: ClientAddress }): Plugin =>
  useRateLimit({ ...options, per: 'from this address', keyOf: options.clientAddress });

/**
 * Per token; place after authentication. The INGEST token ships in every CLI install, so it is
 * counted per token and address: one install's runaway script uses up its own share, not everyone's.
 * The open loopback server has no token and no token limit.
 */
export const useTokenRateLimit = (options: { points: number; windowSeconds: number; clientAddress: ClientAddress }): Plugin =>
  useRateLimit({
    ...options,
    per: 'for this token',
    keyOf: (request, serverContext) => {
      const principal = principalOf(request);
      if (!principal?.tokenId) return null;
      return principal.scope === 'INGEST' ? `${principal.tokenId} ${options.clientAddress(request, serverContext) ?? ''}` : principal.tokenId;
    },
  });

export interface QueryLimits {
  depth: number;
  aliases: number;
  cost: number;
  tokens: number;
  /** Hide "Did you mean …?" suggestions (they describe the schema to whoever probes it). */
  blockSuggestions: boolean;
}

/** graphql-armor's plugins, their refusals carrying the stable code QUERY_TOO_COMPLEX. */
export function queryLimitPlugins(limits: QueryLimits): Plugin[] {
  // Validation rules report their refusal as a validation error with our code.
  const report = {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(apiError('QUERY_TOO_COMPLEX', error.message.replace(/^Syntax Error: /, ''))),
    ],
  };
  // The token limit acts in the parser, which has no validation context: its error is thrown as is.
  const tagThrown = { onReject: [(_: unknown, error: GraphQLError) => Object.assign(error.extensions, { code: 'QUERY_TOO_COMPLEX' })] };
  const armor = new EnvelopArmor({
    blockFieldSuggestion: { enabled: limits.blockSuggestions },
    maxDepth: { n: limits.depth, ...report },
    maxAliases: { n: limits.aliases, ...report },
    costLimit: { maxCost: limits.cost, ...report },
    maxDirectives: { n: 50, ...report },
    maxTokens: { n: limits.tokens, ...tagThrown },
  });
  return armor.protect().plugins as Plugin[];
}
