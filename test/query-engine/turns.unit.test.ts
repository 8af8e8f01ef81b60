/**
 * Turns of the server's thread (src/query-engine/turns.ts): long synchronous work lets I/O in
 * between pieces, and the evaluator still plans the leaves of every piece in one batch.
 */
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator } from '../../src/query-engine/evaluate.js';
import { takeTurn, TURN_MS } from '../../src/query-engine/turns.js';
import type { SqlFragment } from '../../src/sql/fragment.js';

/** Synchronous work of `ms` milliseconds. */
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** Counts event-loop iterations (one increment per check phase) while the test runs. */
function loopIterations() {
  let count = 0;
  let running = true;
  const tick = () => {
    count++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => count, stop: () => (running = false) };
}

describe('turns', () => {
  const server = createServer();
  let client: Socket;
  let accepted: Socket;
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    client = connect(port, '127.0.0.1');
    [accepted] = (await once(server, 'connection')) as [Socket];
  });
  afterAll(() => {
    client.destroy();
    server.close();
  });

  it('work past its turn waits until the I/O that came in meanwhile is read, even from an I/O callback', async () => {
    client.write('ping');
    await once(accepted, 'data');
    // Here in an I/O callback's promise jobs (the poll phase), as a request's validation runs.
    const order: string[] = [];
    const read = once(accepted, 'data').then(() => order.push('data read'));
    client.write('pong');
    busy(5); // the data arrives while the thread works
    await Promise.all([read, takeTurn().then(() => order.push('next turn'))]);
    expect(order).toEqual(['data read', 'next turn']);
  });

  it('within its turn, work goes on at once; waiting pieces are let in in order until the turn is used', async () => {
    await takeTurn();
    const loop = loopIterations();
    await takeTurn(); // still within the turn: the same iteration
    const sameIteration = loop.now();
    busy(TURN_MS);
    const ran: { piece: number; iteration: number }[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((piece) =>
        takeTurn().then(() => {
          ran.push({ piece, iteration: loop.now() });
          busy(TURN_MS / 2 + 1);
        }),
      ),
    );
    loop.stop();
    expect(sameIteration).toBe(0);
    expect(ran.map((r) => r.piece)).toEqual([0, 1, 2, 3, 4]);
    // Two pieces of 6 ms fill a turn of 10: pieces 0-1, 2-3 and 4 in three turns.
    const [a, b, c, d, e] = ran.map((r) => r.iteration);
    expect([a === b, b === c, c === d, d === e]).toEqual([true, false, true, false]);
  });

  /** An evaluator over a database that has no rows, and the statements it was sent. */
  function countingEvaluator() {
    const statements: SqlFragment[] = [];
    const evaluator = createEvaluator({
      driver: { dialect: 'sqlite', query: async (query) => (statements.push(query), []) },
      formulaOf: () => ({ kind: 'newSessions' }),
      now: new Date('2026-03-10T00:00:00Z'),
    });
    return { evaluator, statements };
  }

  it("the evaluator plans the leaves of every piece waiting for a turn in one batch: one statement", async () => {
    const { evaluator, statements } = countingEvaluator();
    const loop = loopIterations();
    busy(TURN_MS); // the current turn is used: the pieces start with the next
    const iterations: number[] = [];
    const days = [1, 2, 3, 4, 5, 6, 7, 8].map((d) => ({ from: new Date(`2026-03-0${d}T00:00:00Z`), to: new Date(`2026-03-0${d + 1}T00:00:00Z`) }));
    const evaluations = await Promise.all(
      days.map((window) =>
        evaluator.inTurn(async () => {
          iterations.push(loop.now());
          busy(TURN_MS / 2 + 1);
          return evaluator.evaluate({ kind: 'newSessions' }, window, null);
        }),
      ),
    );
    loop.stop();
    expect(new Set(iterations).size).toBe(4); // two pieces of 6 ms per turn of 10
    expect(evaluations.map((e) => e.points.size)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(statements).toHaveLength(1);
  });

  it('the batch goes out even when the last piece let in throws', async () => {
    const { evaluator, statements } = countingEvaluator();
    busy(TURN_MS);
    const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') };
    const asked = evaluator.inTurn(() => {
      busy(TURN_MS); // the next piece waits for the next turn: the batch waits for it
      return evaluator.evaluate({ kind: 'newSessions' }, window, null);
    });
    const failed = evaluator.inTurn((): Promise<never> => {
      throw new Error('a bad window');
    });
    await expect(failed).rejects.toThrow('a bad window');
    await expect(asked).resolves.toMatchObject({ empty: { value: 0 } });
    expect(statements).toHaveLength(1);
  });
});
