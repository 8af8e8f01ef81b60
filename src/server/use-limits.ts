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
import { type ClientAddress } from './client-address.js';
import { principalOf, rootFieldsOf } from './use-auth.js';
import { EXPORT_PATH } from './use-export-download.js';

export interface RateLimitOptions {
  /** Requests allowed per key and window; 0 turns the limit off. */
  points: number;
  windowSeconds: number;
  /** What is limited (in the error message). */
  per: string;
  /** The key of a request, or null to leave it unlimited. */
  keyOf(request: Request, serverContext: unknown): string | null;
}

/** A counter per key: null while the key is under its limit, else the seconds until it may ask again. */
function createCounter(points: number, windowSeconds: number): (key: string) => Promise<number | null> {
  const limiter = new RateLimiterMemory({ points, duration: windowSeconds });
  return async (key) => {
    try {
      await limiter.consume(key);
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    }
  };
}

const tooMany = (per: string, retryAfter: number) => ({
  message: `Too many requests ${per}; retry in ${retryAfter} s`,
  headers: { 'retry-after': String(retryAfter) },
});

/** Answers 429 with Retry-After (whole seconds) once a key has used its requests in the window. */
export function useRateLimit(options: RateLimitOptions): Plugin {
  if (options.points === 0) return {};
  const count = createCounter(options.points, options.windowSeconds);
  return {
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (PUBLIC_PATHS.includes(url.pathname)) return;
      const key = options.keyOf(request, serverContext);
      const retryAfter = key === null ? null : await count(key);
      if (retryAfter === null) return;
      const { message, headers } = tooMany(options.per, retryAfter);
      endResponse(errorResponse(fetchAPI, 429, 'RATE_LIMITED', message, headers));
    },
  };
}

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

/** The fields and endpoint that read or delete one session's records. */
const SESSION_DATA_FIELDS = new Set(['Query.exportSessionData', 'Mutation.deleteSessionData']);

/**
 * Export and deletion per client address, per hour: the costliest answers, and each deletion writes a
 * tombstone, while the token that may ask for them ships in every CLI. After authentication and
 * scopes, so that only requests that would run are counted.
 */
export function useSessionDataRateLimit(options: { perHour: number; clientAddress: ClientAddress; maxTokens: number }): Plugin {
  if (options.perHour === 0) return {};
  const count = createCounter(options.perHour, 3600);
  const per = 'for session data (export, deletion) from this address';
  const retryAfterFor = async (request: Request, serverContext: unknown) => {
    const address = options.clientAddress(request, serverContext);
    return address === null ? null : count(address);
  };
  return {
    async onRequest({ request, url, serverContext, fetchAPI, endResponse }) {
      if (url.pathname !== EXPORT_PATH) return;
      const retryAfter = await retryAfterFor(request, serverContext);
      if (retryAfter === null) return;
      const { message, headers } = tooMany(per, retryAfter);
      endResponse(errorResponse(fetchAPI, 429, 'RATE_LIMITED', message, headers));
    },
    async onParams({ request, params, context, setResult }) {
      const fields = rootFieldsOf(params.query, options.maxTokens) ?? [];
      if (!fields.some(({ type, field }) => SESSION_DATA_FIELDS.has(`${type}.${field}`))) return;
      const retryAfter = await retryAfterFor(request, context);
      if (retryAfter === null) return;
      const { message, headers } = tooMany(per, retryAfter);
      setResult({ errors: [apiError('RATE_LIMITED', message, { status: 429, headers })] });
    },
  };
}

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
