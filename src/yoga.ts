/** The yoga app: schema, access, limits, health. src/server.ts listens; tests call `yoga.fetch`. */
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { Context } from './builder.js';
import { db } from './db.js';
import { env } from './env.js';
import { logger } from './logger.js';
import { streamSessionData } from './privacy/service.js';
import { createTokenAuthenticator } from './privacy/tokens.js';
import { schema } from './schema/index.js';
import { useAuth } from './server/use-auth.js';
import { maskError, useErrorAnswers } from './server/use-error-answers.js';
import { corsFor, useOriginCheck } from './server/use-origin-check.js';
import { useRequestParser } from './server/use-request-parser.js';
import { useExportDownload } from './server/use-export-download.js';
import { createClientAddress } from './server/client-address.js';
import { queryLimitPlugins, useAddressRateLimit, useSessionDataRateLimit, useTokenRateLimit } from './server/use-limits.js';
import { useWebPage } from './server/use-web-page.js';
import { dataVersion } from './caching/data-version.js';
import { usePersistedQueries } from './server/use-persisted-queries.js';
import { useQueryCache } from './server/use-query-cache.js';
import { useMetricCsv } from './server/use-metric-csv.js';
import { takeTurn } from './query-engine/turns.js';

const rateWindow = { windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS, clientAddress: createClientAddress(env.TRUST_PROXY) };

export const yoga = createYoga<Record<string, unknown>, Context>({
  schema,
  graphqlEndpoint: '/graphql',
  graphiql: env.NODE_ENV === 'development',
  // GraphiQL from local files (it works offline), loaded only when first asked for.
  renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
  landingPage: false,
  logging: logger,
  // Unexpected errors (SQL, stack traces) never reach clients outside development.
  // A database that cannot serve is answered 503 with Retry-After (use-error-answers.ts).
  maskedErrors: { isDev: env.NODE_ENV === 'development', maskError },
  healthCheckEndpoint: '/live',
  cors: corsFor(env.CORS_ORIGINS),
  context: () => ({ loaders: new Map() }),
  plugins: [
    // Order matters: address limit, then which page and who is calling, then that caller's limit, then the rest.
    useAddressRateLimit({ ...rateWindow, points: env.RATE_LIMIT_PER_ADDRESS }),
    // The page and its scripts hold no data: served before authentication (its data comes through /graphql).
    useWebPage({ development: env.NODE_ENV === 'development', graphqlEndpoint: '/graphql' }),
    useOriginCheck(env.CORS_ORIGINS),
    // Fills in the document of a hash-only request in onParams, so before anything reads it there:
    // the scope check (use-auth.ts), the session-data limit, the query cache.
    usePersistedQueries({ maxEntries: 1000, maxDocumentLength: 16_384, ttlSeconds: 24 * 3600 }),
    useAuth({
      authenticator: createTokenAuthenticator(db.sql, { onTouchError: (error) => logger.warn({ err: error }, 'token last-use update failed') }),
      host: env.HOST,
      behindProxy: env.TRUST_PROXY !== null,
      graphqlEndpoint: '/graphql',
      maxTokens: env.MAX_QUERY_TOKENS,
      onError: (error) => logger.error({ err: error }, 'token check failed'),
    }),
    useTokenRateLimit({ ...rateWindow, points: env.RATE_LIMIT_PER_TOKEN }),
    useSessionDataRateLimit({ perHour: env.SESSION_DATA_REQUESTS_PER_HOUR, clientAddress: rateWindow.clientAddress, maxTokens: env.MAX_QUERY_TOKENS }),
    useRequestParser({ maxBytes: env.MAX_BODY_BYTES, graphqlEndpoint: '/graphql' }),
    useExportDownload({ stream: streamSessionData, onError: (error) => logger.error({ err: error }, 'NDJSON export failed') }),
    useMetricCsv({ onError: (error) => logger.error({ err: error }, 'CSV export failed') }),
    ...queryLimitPlugins({
      depth: env.MAX_QUERY_DEPTH,
      aliases: env.MAX_QUERY_ALIASES,
      cost: env.MAX_QUERY_COST,
      tokens: env.MAX_QUERY_TOKENS,
      blockSuggestions: env.NODE_ENV !== 'development',
    }),
    useErrorAnswers(),
    // A document seen for the first time is parsed and validated in one stretch (60 ms for all 60
    // metrics with their series): its execution waits for a turn of the server's thread after it.
    { onExecute: () => takeTurn() },
    // Last to see the params: it serves what every check above let through, and answers of the read API only.
    useQueryCache({
      ttlSeconds: env.QUERY_CACHE_SECONDS,
      maxBytes: env.QUERY_CACHE_MB * 1024 * 1024,
      maxTokens: env.MAX_QUERY_TOKENS,
      version: dataVersion,
    }),
    // 200 only while the database answers.
    useReadinessCheck({ endpoint: '/health', check: async () => (await db.sql.ping(), true) }),
  ],
});
