/** The yoga app: schema, limits, health. src/server.ts listens; tests call `yoga.fetch`. */
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { Context } from './builder.js';
import { db } from './db.js';
import { env } from './env.js';
import { logger } from './logger.js';
import { schema } from './schema/index.js';
import { useBodyLimit } from './server/use-body-limit.js';

export const yoga = createYoga<Record<string, unknown>, Context>({
  schema,
  graphqlEndpoint: '/graphql',
  graphiql: env.NODE_ENV === 'development',
  landingPage: false,
  logging: logger,
  // Unexpected errors (SQL, stack traces) never reach clients outside development.
  maskedErrors: { isDev: env.NODE_ENV === 'development' },
  healthCheckEndpoint: '/live',
  context: () => ({ loaders: new Map() }),
  plugins: [
    useBodyLimit(env.MAX_BODY_BYTES),
    // 200 only while the database answers.
    useReadinessCheck({ endpoint: '/health', check: async () => (await db.sql.ping(), true) }),
  ],
});
