/**
 * Starts the server: applies pending migrations, then listens. On SIGTERM/SIGINT it stops
 * accepting, lets in-flight requests (batches) finish, and closes the database.
 */
import { createServer } from 'node:http';
import { db } from './db.js';
import { env } from './env.js';
import { logger } from './logger.js';
import { applyMigrations } from './sql/migrate.js';
import { yoga } from './yoga.js';

const applied = await applyMigrations(db.sql);
if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');

const server = createServer(yoga);
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  logger.info({ url: `http://${env.HOST}:${port}/graphql`, database: db.dialect }, 'caro-metrics listening');
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests');
  server.close(async () => {
    await db.close();
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
