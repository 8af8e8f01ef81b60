/**
 * Type tests (#12): filter values, segment values and dashboard references are typed from the data
 * contract's enums (src/ingestion/contract.ts) and the plugins, so `tsc` catches a typo in any of them.
 * test/registry/validate.unit.test.ts checks that the start-up validator says the same at run time.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { defineDashboard, type AlertRuleId, type MetricId } from '../../src/dashboards/define-dashboard.js';
import { defineMetric } from '../../src/registry/define-metric.js';
import type { SegmentKey } from '../../src/registry/sources.js';

const base = {
  title: 'Example',
  description: 'An example.',
  unit: 'ratio',
  direction: 'higher',
} as const;
const count = { kind: 'measure', source: 'events', aggregate: 'count' } as const;

describe('segment keys come from the contract', () => {
  it('closed fields, flags, numbers and open text', () => {
    expectTypeOf<SegmentKey<'backend'>>().toEqualTypeOf<'STATIC' | 'EMBEDDED' | 'MLX'>();
    expectTypeOf<SegmentKey<'validationSeverity'>>().toEqualTypeOf<'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'>();
    expectTypeOf<SegmentKey<'success'>>().toEqualTypeOf<'true' | 'false'>();
    expectTypeOf<SegmentKey<'pluginCount'>>().toEqualTypeOf<`${number}`>();
    expectTypeOf<SegmentKey<'caroVersion'>>().toEqualTypeOf<string>();
    expectTypeOf<'linux-x86_64'>().toExtend<SegmentKey<'platform'>>();
    expectTypeOf<'alice-macbook'>().not.toExtend<SegmentKey<'platform'>>();
    // An escape-hatch dimension no record has: any text.
    expectTypeOf<SegmentKey<'region'>>().toEqualTypeOf<string>();
  });

  it('the shipped plugins and dashboards compile with their values', () => {
    defineMetric({
      ...base,
      id: 'fine',
      formula: { ...count, where: { eventType: ['COMMAND_GENERATED', 'AGENT_LOOP_REPAIR'], backend: { not: 'MLX' }, success: true, latencyMs: { gte: 10 } } },
      segments: ['backend', 'validationSeverity'],
      target: { bySegment: { backend: { EMBEDDED: { atMost: 0.5 } } } },
      alerts: [{ name: 'critical', kind: 'threshold', above: 0.1, severity: 'critical', scope: { segment: 'validationSeverity', value: 'CRITICAL' } }],
    });
    expectTypeOf<'wau.declining_wow'>().toExtend<AlertRuleId>();
    expectTypeOf<'execution_rate'>().toExtend<MetricId>();
  });
});

describe('a typo in a value does not compile', () => {
  it('a where value that is no event type', () => {
    defineMetric({
      ...base,
      id: 'bad_event_type',
      segments: [],
      // @ts-expect-error COMMAND_EXECUTE is no EventType (COMMAND_EXECUTED is)
      formula: { ...count, where: { eventType: 'COMMAND_EXECUTE' } },
    });
  });

  it('a where value that is no backend, in a list or under not', () => {
    // @ts-expect-error STATIK is no Backend
    defineMetric({ ...base, id: 'bad_backend', segments: [], formula: { ...count, where: { backend: 'STATIK' } } });
    // @ts-expect-error STATIK is no Backend
    defineMetric({ ...base, id: 'bad_backend_list', segments: [], formula: { ...count, where: { backend: ['STATIC', 'STATIK'] } } });
    // @ts-expect-error STATIK is no Backend
    defineMetric({ ...base, id: 'bad_backend_not', segments: [], formula: { ...count, where: { backend: { not: 'STATIK' } } } });
  });

  it('a where value of the wrong kind', () => {
    // @ts-expect-error success is a flag
    defineMetric({ ...base, id: 'bad_flag', segments: [], formula: { ...count, where: { success: 'yes' } } });
  });

  it("a cohort condition's event type", () => {
    defineMetric({
      ...base,
      id: 'bad_cohort',
      segments: [],
      // @ts-expect-error COMMAND_EXECUTE is no EventType
      formula: { kind: 'cohort', condition: { eventType: 'COMMAND_EXECUTE' }, period: 'nextUtcDay', result: 'share' },
    });
  });

  it("a share's headline", () => {
    defineMetric({
      ...base,
      id: 'bad_headline',
      segments: ['backend'],
      // @ts-expect-error STATIK is no Backend
      formula: { kind: 'share', base: count, of: 'backend', headline: 'STATIK' },
    });
  });

  it('a target bySegment value', () => {
    defineMetric({
      ...base,
      id: 'bad_target_value',
      formula: count,
      segments: ['backend'],
      // @ts-expect-error EMBEDED is no Backend
      target: { bySegment: { backend: { EMBEDED: { atMost: 500 } } } },
    });
  });

  it('an alert scope value', () => {
    defineMetric({
      ...base,
      id: 'bad_scope_value',
      formula: count,
      segments: ['backend'],
      alerts: [
        // @ts-expect-error EMBEDED is no Backend
        { name: 'low', kind: 'threshold', below: 0.5, severity: 'warning', scope: { segment: 'backend', value: 'EMBEDED' } },
      ],
    });
  });

  it('an alert kind, severity, cadence or noData', () => {
    defineMetric({
      ...base,
      id: 'bad_alert_words',
      formula: count,
      segments: [],
      alerts: [
        // @ts-expect-error severity is info, warning or critical
        { name: 'a', kind: 'threshold', below: 0.5, severity: 'urgent' },
        // @ts-expect-error cadence is hourly, daily, weekly or monthly
        { name: 'b', kind: 'threshold', below: 0.5, severity: 'info', cadence: 'yearly' },
        // @ts-expect-error noData is ok, alerting or keepState
        { name: 'c', kind: 'threshold', below: 0.5, severity: 'info', noData: 'ignore' },
        // @ts-expect-error no such kind
        { name: 'd', kind: 'anomaly', severity: 'info' },
      ],
    });
  });
});

describe('a dashboard names metrics, segments and alert rules that exist', () => {
  const dashboard = { id: 'example', title: 'Example', review: 'weekly', granularity: 'DAY' } as const;

  it('a metric id', () => {
    // @ts-expect-error exection_rate is no metric
    defineDashboard({ ...dashboard, panels: [{ metric: 'exection_rate' }], alerts: [] });
  });

  it("a segment of the panel's metric", () => {
    // @ts-expect-error execution_rate cannot be split by persona
    defineDashboard({ ...dashboard, panels: [{ metric: 'execution_rate', segment: 'persona' }], alerts: [] });
  });

  it('an alert rule', () => {
    // @ts-expect-error wau has no alert declinig_wow
    defineDashboard({ ...dashboard, panels: [], alerts: ['wau.declinig_wow'] });
  });
});
