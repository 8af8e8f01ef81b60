/**
 * Starts the server: applies pending migrations, checks that it may listen where it is asked to
 * (no API token: loopback only), starts the retention purge and alert evaluation schedules, then
 * listens and warms the query engine in the background (src/server/warm-up.ts). On SIGTERM/SIGINT
 * it stops accepting, stops the schedules, closes idle connections, lets in-flight
 * requests (batches) finish within SHUTDOWN_GRACE_MS, then closes the database and exits.
 */
import { createServer, type ServerResponse } from 'node:http';
import { startAlertDelivery, startAlertSchedule } from './alerts/service.js';
import { db } from './db.js';
import { env } from './env.js';
import { logger } from './logger.js';
import { purgeExpiredData } from './privacy/service.js';
import { startPurgeSchedule, type PurgeSchedule } from './privacy/purge.js';
import { createTokenAuthenticator } from './privacy/tokens.js';
import { isLoopbackHost } from './server/use-auth.js';
import { warmUp } from './server/warm-up.js';
import { applyMigrations } from './sql/migrate.js';
import { yoga } from './yoga.js';

const applied = await applyMigrations(db.sql);
if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');

if (!(await createTokenAuthenticator(db.sql).anyActive())) {
  const createOne = 'Create one first (npm run token -- create --scope admin --name ops)';
  const refusal = !isLoopbackHost(env.HOST)
    ? `refusing to listen on ${env.HOST} without API tokens: anyone could read and write. ${createOne}, or listen on a loopback address (HOST=127.0.0.1)`
    : env.TRUST_PROXY !== null
      ? `refusing to start behind a trusted proxy (TRUST_PROXY) without API tokens: every caller it forwards would be ADMIN. ${createOne}, or unset TRUST_PROXY`
      : null;
  if (refusal !== null) {
    logger.fatal({ host: env.HOST }, refusal);
    await db.close();
    process.exit(1);
  }
  logger.warn(
    { host: env.HOST },
    'no API token defined: serving without authentication, on loopback only (npm run token -- create … to require tokens)',
  );
}

let purgeSchedule: PurgeSchedule | null = null;
if (env.PURGE_SCHEDULE !== 'off') {
  purgeSchedule = startPurgeSchedule({
    pattern: env.PURGE_SCHEDULE,
    purge: (signal) => purgeExpiredData({ signal }),
    onResult: (result) => logger.info({ deleted: result.deleted, cutoff: result.cutoff, durationMs: result.durationMs }, 'retention purge'),
    onError: (error) => logger.error({ err: error }, 'retention purge failed'),
  });
  logger.info({ schedule: env.PURGE_SCHEDULE, next: purgeSchedule.nextRun() }, 'retention purge scheduled');
}

const alertSchedule = startAlertSchedule();
logger.info({ schedule: env.ALERT_EVALUATION_CRON, next: alertSchedule.nextRun() }, 'alert evaluation scheduled');
const alertDelivery = startAlertDelivery();

const server = createServer(yoga);
let stopping = false;
// Responses under way, so that a shutdown can ask their keep-alive connections to close after them.
const responses = new Set<ServerResponse>();
server.prependListener('request', (_request, response: ServerResponse) => {
  if (stopping) response.setHeader('connection', 'close');
  responses.add(response);
  response.once('close', () => responses.delete(response));
});
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  logger.info({ url: `http://${env.HOST}:${port}/graphql`, database: db.dialect, warmUpRounds: env.QUERY_WARM_UP_ROUNDS }, 'caro-metrics listening');
  if (env.QUERY_WARM_UP_ROUNDS > 0) void warmUpInBackground();
});

async function warmUpInBackground(): Promise<void> {
  try {
    const { requests, ms, errors, stopped } = await warmUp({ rounds: env.QUERY_WARM_UP_ROUNDS, stopping: () => stopping });
    if (stopped) return;
    if (errors.length > 0) logger.warn({ requests, ms: Math.round(ms), errors }, 'query engine warmed up, with errors');
    else logger.info({ requests, ms: Math.round(ms) }, 'query engine warmed up');
  } catch (error) {
    logger.warn({ err: error }, 'query engine warm-up failed');
  }
}

function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal, graceMs: env.SHUTDOWN_GRACE_MS }, 'shutting down: finishing in-flight requests');
  alertSchedule.stop();
  const purgeStopped = purgeSchedule?.stop();
  const deliveryStopped = alertDelivery?.stop();
  // Idle keep-alive connections are closed at once (each would hold close() open as long as its
  // client keeps it); the busy ones are told to close after their response.
  for (const response of responses) if (!response.headersSent) response.setHeader('connection', 'close');
  server.close(async () => {
    await purgeStopped;
    await deliveryStopped;
    await db.close();
    logger.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
  // A request still unanswered at the deadline (a half-sent body, a stuck client) is cut.
  setTimeout(() => {
    logger.warn({ graceMs: env.SHUTDOWN_GRACE_MS }, 'grace period over: closing the connections still open');
    server.closeAllConnections();
    setTimeout(() => {
      logger.error('the database did not close in time; exiting');
      process.exit(1);
    }, 5000).unref();
  }, env.SHUTDOWN_GRACE_MS).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
