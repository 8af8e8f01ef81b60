/**
 * Limits on what one caller may ask: requests per client address and per token (rate-limiter-flexible,
 * in memory only: an address is never written anywhere), and the size of a GraphQL operation
 * (graphql-armor: depth, aliases, cost, tokens, directives). The body size and batch size have
 * their own limits (use-request-parser.ts, the ingestion contract).
 */
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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

/**
 * The client's address: the socket's peer (node:http passes `req` as the server context), or the
 * first X-Forwarded-For entry when the server runs behind a proxy that sets it. Null when unknown
 * (`yoga.fetch` in tests).
 */
export function clientAddress(request: Request, serverContext: unknown, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress ?? null;
}

/** Per client address; place before authentication so that guessing tokens is limited too. */
export const useAddressRateLimit = (options: { points: number; windowSeconds: number; trustProxy: boolean }): Plugin =>
  useRateLimit({
    ...options,
    per: 'from this address',
    keyOf: (request, serverContext) => clientAddress(request, serverContext, options.trustProxy),
  });

/** Per token; place after authentication. The open loopback server has no token and no token limit. */
export const useTokenRateLimit = (options: { points: number; windowSeconds: number }): Plugin =>
  useRateLimit({ ...options, per: 'for this token', keyOf: (request) => principalOf(request)?.tokenId ?? null });

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
