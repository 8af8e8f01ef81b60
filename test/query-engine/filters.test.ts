/**
 * Filters (#13): a metric filtered to some values of a dimension it can be split by answers exactly
 * what its split shows for them, from rollups as from raw events, alone or with a split by another
 * dimension and in series; a dimension it cannot take is INVALID_FILTER.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createEvaluator } from '../../src/query-engine/evaluate.js';
import type { QuerySource } from '../../src/query-engine/compile-leaf.js';
import { computeSegments, computeSeries, computeSnapshot } from '../../src/query-engine/metric-result.js';
import { registry } from '../../src/registry/catalogue.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';
import { requestErrors } from '../support/ingestion.js';
import { DAY, emptyTables, eventRecord, ingestEvents, ingestSurveys, START, surveyRecord } from '../support/random-activity.js';

const window = { from: new Date(START.getTime() + 3 * DAY + 5 * 3_600_000), to: new Date(START.getTime() + 20 * DAY) };
const now = new Date(START.getTime() + 90 * DAY);
const evaluatorOf = (source: QuerySource) => createEvaluator({ driver: db.reads, formulaOf: registry.formulaOf, now, source });
const close = (actual: number | null, expected: number | null, what: string) =>
  expected === null ? expect(actual, what).toBeNull() : expect(Math.abs((actual ?? NaN) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));

beforeAll(async () => {
  await emptyTables();
  await ingestEvents(fc.sample(eventRecord, { numRuns: 900, seed: 13 }).filter((e, i, all) => all.findIndex((o) => o.eventId === e.eventId) === i).slice(0, 900));
  await ingestSurveys(fc.sample(surveyRecord, { numRuns: 60, seed: 13 }));
});

describe('a filter keeps exactly what the split shows', () => {
  // Every metric, every dimension it can be split by except a share's own, every value its split shows.
  const cases = registry.metrics.flatMap((metric) =>
    metric.segments.filter((d) => !(metric.formula.kind === 'share' && metric.formula.of === d)).map((dimension) => [metric.id, dimension] as const),
  );

  it.each(cases)('%s filtered by %s', async (id, dimension) => {
    const metric = registry.get(id)!;
    for (const source of ['rollups', 'raw'] as const) {
      const split = await computeSegments(evaluatorOf(source), metric, window, dimension);
      for (const { key, value } of split) {
        const filtered = await computeSnapshot(evaluatorOf(source), metric, window, { [dimension]: [key] });
        close(filtered.value, value, `${source} ${key}`);
      }
    }
  });

  it('rollups and raw agree on filters with a split by another dimension and in series', async () => {
    const metric = registry.get('execution_rate')!;
    const filter = { platform: ['linux-x86_64', 'macos-arm64'] };
    const [fromRollups, fromRaw] = await Promise.all(
      (['rollups', 'raw'] as const).map(async (source) => ({
        split: await computeSegments(evaluatorOf(source), metric, window, 'backend', filter),
        series: await computeSeries(evaluatorOf(source), metric, window, 'DAY', filter),
      })),
    );
    expect(fromRollups!.split.length).toBeGreaterThan(0);
    fromRollups!.split.forEach((s, i) => close(s.value, fromRaw!.split[i]!.value, `backend ${s.key}`));
    fromRollups!.series.forEach((p, i) => close(p.value, fromRaw!.series[i]!.value, `day ${i}`));
    // Filtered by platform, split by backend: each backend's value is the one of the two platforms together.
    const unfiltered = await computeSegments(evaluatorOf('raw'), metric, window, 'backend');
    expect(fromRollups!.split.map((s) => s.key).every((key) => unfiltered.some((u) => u.key === key))).toBe(true);
  });
});

describe('INVALID_FILTER', () => {
  const client = createTestClient();
  const Filtered = graphql(`
    query FilteredMetric($id: ID!, $filter: [MetricFilterInput!]) {
      metric(id: $id, window: { last: "P7D" }, filter: $filter) { value }
    }
  `);

  it.each([
    ['a dimension the metric cannot be split by', 'execution_rate', 'persona', 'cannot be filtered by "persona"'],
    ['a share by its own dimension', 'backend_share', 'backend', 'split it by "backend"'],
    ['a metric with no dimension', 'survey_response_rate', 'platform', 'cannot be filtered by "platform"'],
  ])('%s', async (_, id, dimension, message) => {
    const errors = await requestErrors(client.request(Filtered, { id, filter: [{ dimension, values: ['STATIC'] }] }));
    expect(errors).toMatchObject([{ extensions: { code: 'INVALID_FILTER' }, message: expect.stringContaining(message) }]);
  });

  it.each([
    ['a backend no record can have', 'backend', ['STATIC', 'static', 'GPU']],
    ['a platform outside the build targets', 'platform', ['linux-x86_64', 'alice-macbook']],
    ['a version that is no version', 'caroVersion', ['1.2.3', '1.2.3+build.7']],
    ['an empty value', 'backend', ['']],
  ])('%s, without repeating it', async (_, dimension, values) => {
    const impossible = values.filter((v) => !['STATIC', 'linux-x86_64', '1.2.3'].includes(v)).length;
    const errors = await requestErrors(client.request(Filtered, { id: 'execution_rate', filter: [{ dimension, values }] }));
    expect(errors).toMatchObject([{ extensions: { code: 'INVALID_FILTER' }, message: expect.stringContaining(`lists ${impossible} value(s) no record can hold`) }]);
    for (const value of values.filter((v) => v.length > 2)) expect(errors[0]!.message).not.toContain(value);
  });

  it('takes every value a record can hold: versions, models, tiers', async () => {
    for (const [id, dimension, values] of [
      ['execution_rate', 'caroVersion', ['1.2.3', '1.3.0-beta.2']],
      ['inference_time_p50', 'model', ['qwen2.5-coder-1.5b', 'mlx-smollm-360m']],
      ['mrr', 'tier', ['PRO', 'ENTERPRISE']],
    ] as const) {
      const answer = await client.request(Filtered, { id, filter: [{ dimension, values: [...values] }] });
      expect(answer.metric.value === null || typeof answer.metric.value === 'number', `${id} ${dimension}`).toBe(true);
    }
  });
});
