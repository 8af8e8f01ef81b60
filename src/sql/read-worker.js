// @ts-check
/**
 * A metric-query worker (src/sql/read-pool.ts): its own read-only connection to the SQLite file, so
 * that a long aggregation runs beside the server's thread instead of on it. Plain JavaScript so that
 * it starts the same under `node --import tsx`, vitest and a plain `node`.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

// Below the server's thread in the scheduler's eyes (Linux: a thread's niceness is its own): with
// every core busy aggregating, ingestion and /live still get a core at once. Elsewhere, as it is.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), workerData.niceness ?? 10);
} catch {
  // Not Linux, or not allowed: the worker runs at the server's priority.
}

const db = new Database(workerData.path, { readonly: true, fileMustExist: true, timeout: 10_000 });
db.pragma('query_only = ON');
// 8 MB of page cache, not better-sqlite3's 16 MB: SQLite's sorter takes as much, per statement.
// At 10 M events, the dashboards and all 60 metrics peaked at 309 MB instead of 380 MB of RSS, at
// the same speed (side by side, within ±8 %; at 1 M within ±10 %).
db.pragma('cache_size = -8000');
/** @type {Map<string, import('better-sqlite3').Statement>} */
const statements = new Map();
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (/** @type {{ id: number, text: string, values: unknown[] }} */ message) => {
  try {
    let statement = statements.get(message.text);
    if (!statement) {
      statement = db.prepare(message.text);
      statements.set(message.text, statement);
    }
    const started = performance.now();
    const rows = statement.all(...message.values);
    parentPort?.postMessage({ id: message.id, rows, ms: performance.now() - started });
  } catch (error) {
    const { message: text, code } = /** @type {Error & { code?: string }} */ (error);
    parentPort?.postMessage({ id: message.id, error: { message: text, code } });
  }
});
