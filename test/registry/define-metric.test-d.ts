/**
 * Type tests (#3): defineMetric keeps the id, segment names and alert names as literal types, and
 * a target or alert that names a segment the metric does not have does not compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import latencyP95 from '../../metrics/quality/latency-p95.js';
import wau from '../../metrics/growth/wau.js';
import { defineMetric, type MetricDefinition } from '../../src/registry/define-metric.js';

const base = {
  title: 'Example',
  description: 'An example.',
  unit: 'ratio',
  direction: 'higher',
  formula: { kind: 'measure', source: 'events', aggregate: 'count' },
} as const;

describe('defineMetric keeps literal types', () => {
  const example = defineMetric({
    ...base,
    id: 'example_rate',
    segments: ['backend', 'platform'],
    target: { bySegment: { backend: { EMBEDDED: { atLeast: 0.5 } } }, default: { atLeast: 0.7 } },
    alerts: [
      { name: 'below_half', kind: 'threshold', below: 0.5, severity: 'warning', scope: { segment: 'platform', value: 'linux-x86_64' } },
      { name: 'dropping', kind: 'change', drop: 5, measure: 'points', severity: 'info' },
    ],
  });

  it('the id', () => {
    expectTypeOf(example.id).toEqualTypeOf<'example_rate'>();
  });

  it('the segment names', () => {
    expectTypeOf(example.segments).toEqualTypeOf<readonly ('backend' | 'platform')[]>();
    expectTypeOf<(typeof example.segments)[number]>().toEqualTypeOf<'backend' | 'platform'>();
  });

  it('the alert names', () => {
    expectTypeOf<NonNullable<typeof example.alerts>[number]['name']>().toEqualTypeOf<'below_half' | 'dropping'>();
  });

  it('the shipped plugins keep theirs', () => {
    expectTypeOf(wau.id).toEqualTypeOf<'wau'>();
    expectTypeOf<(typeof wau.segments)[number]>().toEqualTypeOf<'platform' | 'backend'>();
    expectTypeOf<NonNullable<typeof wau.alerts>[number]['name']>().toEqualTypeOf<'declining_wow'>();
    expectTypeOf<(typeof latencyP95.segments)[number]>().toEqualTypeOf<'backend' | 'platform'>();
  });

  it('a definition is still a MetricDefinition', () => {
    expectTypeOf(example).toExtend<MetricDefinition>();
    expectTypeOf(wau).toExtend<MetricDefinition>();
  });

  it('no segments: the segment type is never', () => {
    const bare = defineMetric({ ...base, id: 'bare', segments: [] });
    expectTypeOf<(typeof bare.segments)[number]>().toEqualTypeOf<never>();
  });
});

describe('unknown names do not compile', () => {
  it('a target bySegment naming a segment the metric does not have', () => {
    defineMetric({
      ...base,
      id: 'bad_target',
      segments: ['backend'],
      // @ts-expect-error `platform` is not one of the segments
      target: { bySegment: { platform: { 'linux-x86_64': { atLeast: 0.5 } } } },
    });
  });

  it('a target bySegment on a metric without segments', () => {
    defineMetric({
      ...base,
      id: 'bad_target_none',
      segments: [],
      // @ts-expect-error there are no segments to name
      target: { bySegment: { backend: { STATIC: { atLeast: 0.5 } } } },
    });
  });

  it('an alert scope naming a segment the metric does not have', () => {
    defineMetric({
      ...base,
      id: 'bad_scope',
      segments: ['backend'],
      alerts: [
        // @ts-expect-error `persona` is not one of the segments
        { name: 'low', kind: 'threshold', below: 0.5, severity: 'warning', scope: { segment: 'persona', value: 'NOVICE' } },
      ],
    });
  });

  it('a where condition on a field the source does not have', () => {
    defineMetric({
      ...base,
      id: 'bad_where',
      segments: [],
      // @ts-expect-error events have no `colour`
      formula: { kind: 'measure', source: 'events', aggregate: 'count', where: { colour: 'red' } },
    });
  });

  it('an alert threshold that is not a number', () => {
    defineMetric({
      ...base,
      id: 'bad_threshold',
      segments: [],
      // @ts-expect-error below must be a number
      alerts: [{ name: 'low', kind: 'threshold', below: 'half', severity: 'warning' }],
    });
  });
});
