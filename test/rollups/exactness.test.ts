/**
 * Rollups are exact (#9): on random data, every catalogue metric over random windows (day-aligned
 * or not, so that partial days are read from raw events), with its previous window, its DAY series
 * and every split it offers, answers the same from rollups as from raw events
 * (CARO_QUERY_SOURCE=raw). Also: a series' buckets, computed together in one statement per leaf,
 * equal each bucket computed alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createEvaluator, type Evaluator } from '../../src/query-engine/evaluate.js';
import type { QuerySource } from '../../src/query-engine/compile-leaf.js';
import { computeSegments, computeSeries, computeSnapshot } from '../../src/query-engine/metric-result.js';
import type { TimeWindow } from '../../src/query-engine/window.js';
import { registry } from '../../src/registry/catalogue.js';
import { FIRST_SEEN_TABLE, ROLLUP_TABLES } from '../../src/rollups/definitions.js';
import { DAY, emptyTables, eventRecord, ingestEvents, ingestSurveys, SPAN, START, surveyRecord } from '../support/random-activity.js';

const evaluatorOf = (source: QuerySource, now: Date): Evaluator => createEvaluator({ driver: db.reads, formulaOf: registry.formulaOf, now, source });

/** Tables that answered, over every run: each rollup must have, or the comparison proves nothing. */
const tablesUsed = new Set<string>();

/** Everything the catalogue answers over one window, for one source. */
async function answers(source: QuerySource, window: TimeWindow, now: Date) {
  const inner = evaluatorOf(source, now);
  const evaluator: Evaluator = {
    now,
    evaluate: async (...args) => {
      const evaluation = await inner.evaluate(...args);
      if (source === 'rollups') for (const table of evaluation.tables) tablesUsed.add(table);
      return evaluation;
    },
    inTurn: inner.inTurn,
  };
  return Promise.all(
    registry.metrics.map(async (metric) => ({
      id: metric.id,
      snapshot: await computeSnapshot(evaluator, metric, window),
      series: await computeSeries(evaluator, metric, window, 'DAY'),
      segments: await Promise.all(metric.segments.map(async (by) => ({ by, values: await computeSegments(evaluator, metric, window, by) }))),
    })),
  );
}

/** Equal, numbers to 1e-9 (float sums and averages taken in another order). */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (expected !== null && typeof expected === 'object' && !(expected instanceof Date)) {
    expect(actual, path).toBeTypeOf('object');
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual as object)]);
    for (const key of keys) expectClose((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

const windowArbitrary = fc.oneof(
  // Anywhere, any length from an hour to ten days: partial days at both edges.
  fc.record({ from: fc.integer({ min: -2 * DAY, max: SPAN * DAY }), hours: fc.integer({ min: 1, max: 240 }) }).map(({ from, hours }) => ({
    from: new Date(START.getTime() + from),
    to: new Date(START.getTime() + from + hours * 3_600_000),
  })),
  // Whole days: the rollups alone.
  fc.record({ day: fc.integer({ min: 0, max: SPAN - 1 }), days: fc.integer({ min: 1, max: 9 }) }).map(({ day, days }) => ({
    from: new Date(START.getTime() + day * DAY),
    to: new Date(START.getTime() + (day + days) * DAY),
  })),
);

describe('rollups answer exactly what raw events answer (#9)', () => {
  it('every catalogue metric × window × split, with previous window and DAY series', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventRecord, { minLength: 50, maxLength: 600 }),
        fc.array(surveyRecord, { maxLength: 25 }),
        windowArbitrary,
        // `now` a few days after the window's end: some cohort periods are over, some are not.
        fc.integer({ min: 0, max: 40 * DAY }),
        async (events, surveys, window, afterEnd) => {
          await emptyTables();
          for (let i = 0; i < events.length; i += 50) await ingestEvents(events.slice(i, i + 50));
          await ingestSurveys(surveys);
          const now = new Date(window.to.getTime() + afterEnd);
          const [fromRollups, fromRaw] = [await answers('rollups', window, now), await answers('raw', window, now)];
          expectClose(fromRollups, fromRaw, 'catalogue');
        },
      ),
      { numRuns: 20 },
    );
    expect([...tablesUsed]).toEqual(expect.arrayContaining([...ROLLUP_TABLES.map((r) => r.table), FIRST_SEEN_TABLE]));
  }, 600_000);

  it("a series' buckets, computed together, equal each bucket computed alone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventRecord, { minLength: 10, maxLength: 100 }), fc.array(surveyRecord, { maxLength: 10 }), windowArbitrary, async (events, surveys, window) => {
        await emptyTables();
        await ingestEvents(events);
        await ingestSurveys(surveys);
        const now = new Date(window.to.getTime() + 30 * DAY);
        for (const source of ['rollups', 'raw'] as const) {
          const together = evaluatorOf(source, now);
          for (const metric of registry.metrics) {
            const series = await computeSeries(together, metric, window, 'DAY');
            for (const bucket of [series[0]!, series.at(-1)!]) {
              const alone = (await computeSnapshot(evaluatorOf(source, now), metric, { from: bucket.start < window.from ? window.from : bucket.start, to: bucket.end > window.to ? window.to : bucket.end })).value;
              expectClose(bucket.value, alone, `${source} ${metric.id} ${bucket.start.toISOString()}`);
            }
          }
        }
      }),
      { numRuns: 6 },
    );
  }, 600_000);
});

/** Hand-written events for the hand-computed cases below: October 2026, session ids ending in a letter. */
const at = (iso: string) => new Date(`2026-10-${iso}Z`);
const sessionOf = (letter: string) => `00000000-0000-4000-8000-00000000000${letter}`;
const executed = (sessionId: string, iso: string) => ({
  eventId: `10000000-0000-4000-8000-${sessionId.slice(-1)}${iso.replace(/\D/g, '').padStart(11, '0')}`,
  timestamp: at(iso), sessionId, eventType: 'COMMAND_EXECUTED', backend: 'STATIC', platform: 'linux-x86_64',
  caroVersion: '1.2.3', latencyMs: 10, success: true,
});

describe('cohort periods that begin and end in the middle of a day (#9)', () => {
  // Three sessions first seen on 2026-10-01 at noon, so that each look-forward period starts and ends
  // at noon: session_days hold whole days, and the rollup must count the partial days right.
  const [a, b, c] = ['a', 'b', 'c'].map(sessionOf) as [string, string, string];
  const installed = (sessionId: string) => ({ ...executed(sessionId, '01T12:00:00'), eventType: 'INSTALLED' });
  const window = { from: at('01T00:00:00'), to: at('02T00:00:00') };

  it('activation (≥ 3 in [noon, noon + 7 d)) and week-1 retention ([+7 d, +14 d)) agree with the hand count', async () => {
    await emptyTables();
    await ingestEvents([
      installed(a), executed(a, '01T13:00:00'), executed(a, '08T06:00:00'), executed(a, '08T18:00:00'),
      installed(b), executed(b, '08T06:00:00'), executed(b, '15T18:00:00'),
      installed(c), executed(c, '08T06:00:00'), executed(c, '08T14:00:00'),
    ]);
    // Activation, [10-01 12:00, 10-08 12:00): a has 13:00 and 08T06:00 (08T18:00 is past the end): 2;
    // b 1; c 1 (its 08T14:00 is past the end). None reaches 3: 0 of 3.
    // Week 1, [10-08 12:00, 10-15 12:00): a at 08T18:00, c at 08T14:00; b's 08T06:00 is before and its
    // 15T18:00 after: 2 of 3.
    for (const source of ['rollups', 'raw'] as const) {
      const evaluator = evaluatorOf(source, at('30T00:00:00'));
      const activation = await computeSnapshot(evaluator, registry.get('activation_rate_7d')!, window);
      const week1 = await computeSnapshot(evaluator, registry.get('retention_w1')!, window);
      expect({ source, activation: activation.value, week1: week1.value, n: week1.sampleSize }).toEqual({ source, activation: 0, week1: 2 / 3, n: 3 });
    }
  });
});

describe('distinct sessions over a window with partial first and last days (#9)', () => {
  // session_days keep each session's first and last COMMAND_EXECUTED of a day: the partial days at
  // the window's edges are told from those two times alone, and a session is counted on its first
  // day in the window only.
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(sessionOf) as [string, string, string, string, string];
  const window = { from: at('02T12:00:00'), to: at('05T12:00:00') };

  it('counts each session once, by its events inside the window and inside each of its days', async () => {
    await emptyTables();
    await ingestEvents([
      executed(a, '02T06:00:00'), executed(a, '05T18:00:00'), // before and after the window only
      executed(b, '02T13:00:00'), executed(b, '03T10:00:00'), executed(b, '05T06:00:00'), // in it on three days
      executed(c, '02T06:00:00'), executed(c, '02T20:00:00'), // the first day, before and inside
      executed(d, '05T06:00:00'), executed(d, '05T20:00:00'), // the last day, inside and after
      executed(e, '01T10:00:00'), executed(e, '04T10:00:00'), // the day before, then a whole day
    ]);
    // Inside: b 3, c 1, d 1, e 1 = 6 events; sessions b, c, d, e = 4; per 7 days of a 3-day window.
    // Its days: [02T12, 03) b and c, 2 events; 03 b, 1; 04 e, 1; [05, 05T12) b and d, 2 (a's and d's
    // later events are past the end); half days count 7 / 0.5.
    for (const source of ['rollups', 'raw'] as const) {
      const evaluator = evaluatorOf(source, at('30T00:00:00'));
      const metric = registry.get('commands_executed_per_user')!;
      const snapshot = await computeSnapshot(evaluator, metric, window);
      const series = await computeSeries(evaluator, metric, window, 'DAY');
      expect({ source, value: snapshot.value, days: series.map((bucket) => bucket.value) }).toEqual({ source, value: (6 / 4) * (7 / 3), days: [14, 7, 7, 14] });
    }
  });
});
