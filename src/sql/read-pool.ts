/**
 * Metric queries off the server's thread. better-sqlite3 is synchronous: a query run on the main
 * thread stops ingestion, `/health` and `/live` until it ends (28 s for one dashboard at 1 M events,
 * before rollups). Here each query runs in a worker thread with its own read-only connection to the
 * WAL-mode file, which readers share with the writer without blocking it. A query that outlives
 * its timeout has its worker terminated (SQLite has no other way to stop a statement from another
 * thread) and replaced.
 *
 * On PostgreSQL the same role is played by a pool of its own whose connections carry a
 * statement_timeout (src/db.ts), so that a heavy read never holds an ingestion connection.
 */
import { Worker } from 'node:worker_threads';
import type { Dialect } from '../env.js';
import { logger } from '../logger.js';
import type { SqlFragment } from './fragment.js';

/** What metric queries need: a read, and a way to stop. */
export interface SqlReader {
  readonly dialect: Dialect;
  query<Row = Record<string, unknown>>(query: SqlFragment): Promise<Row[]>;
  close(): Promise<void>;
}

/** A metric query stopped after the configured QUERY_TIMEOUT_MS. */
export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the query took longer than ${timeoutMs} ms and was stopped (QUERY_TIMEOUT_MS)`);
  }
}

interface Job {
  id: number;
  text: string;
  values: unknown[];
  queuedAt: number;
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** Started and connected: a job's time only counts from here, never a new worker's start-up. */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

const WORKER_URL = new URL('./read-worker.js', import.meta.url);

export function createSqliteReadPool(options: { path: string; workers: number; timeoutMs: number }): SqlReader {
  const queue: Job[] = [];
  let nextId = 0;
  let closed = false;

  /** Starts a worker in `slot`; messages from a worker the slot has since replaced are ignored. */
  const start = (slot: Slot): Slot => {
    // Plain JavaScript: none of the server's loaders (tsx), 17 MB less at start.
    const worker = new Worker(WORKER_URL, { workerData: { path: options.path }, execArgv: [] });
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (message: { ready?: true; id: number; rows?: unknown[]; ms?: number; error?: { message: string; code?: string } }) => {
      if (slot.worker !== worker) return;
      if (message.ready) {
        slot.ready = true;
        return dispatch();
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      finish(slot);
      // How long it ran in its worker and how long it waited for one (the next `leaf` line's ms counts both).
      logger.debug({ runMs: Math.round(message.ms ?? 0), waitedMs: Math.round(performance.now() - job.queuedAt - (message.ms ?? 0)) }, 'read');
      if (message.error) job.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else job.resolve(message.rows!);
      dispatch();
    });
    worker.on('error', (error) => {
      if (slot.worker !== worker) return;
      const job = slot.job;
      restart(slot);
      job?.reject(error);
    });
    // A worker must not keep a finished process (a script, a test) alive.
    worker.unref();
    return slot;
  };
  const slots: Slot[] = Array.from({ length: Math.max(1, options.workers) }, () =>
    start({ worker: undefined as unknown as Worker, ready: false, job: null, timer: null }),
  );

  const finish = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  };
  const restart = (slot: Slot) => {
    finish(slot);
    void slot.worker.terminate();
    if (!closed) start(slot);
    dispatch();
  };

  function dispatch(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        restart(slot);
        job.reject(new QueryTimeoutError(options.timeoutMs));
      }, options.timeoutMs);
      slot.worker.postMessage({ id: job.id, text: job.text, values: job.values });
    }
  }

  return {
    dialect: 'sqlite',
    query<Row>(query: SqlFragment): Promise<Row[]> {
      if (closed) return Promise.reject(new Error('the read pool is closed'));
      const { text, values } = query.render('sqlite');
      return new Promise<Row[]>((resolve, reject) => {
        queue.push({ id: ++nextId, text, values, queuedAt: performance.now(), resolve: resolve as (rows: unknown[]) => void, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the read pool is closed'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
