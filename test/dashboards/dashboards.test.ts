/**
 * The four review dashboards of METRICS.md §5 (#4) through GraphQL: their definitions, every panel's
 * result consistent with `metric(id:)` over the same window, the review period as the default window,
 * DASHBOARD_NOT_FOUND, and the cost of a whole dashboard in SQL statements that read records.
 * GraphQL computes at the real "now"; the fixture lies in the weeks of 2026-11-02 and 2026-11-09.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { markDataChanged } from '../../src/caching/data-version.js';
import { db } from '../../src/db.js';
import { subtractDuration } from '../../src/query-engine/window.js';
import { registry } from '../../src/registry/catalogue.js';
import { graphql } from '../client/gql/index.js';
import { requestErrors } from '../support/ingestion.js';
import { loadAudits, loadFixture } from '../support/metric-tester.js';
import { auditOf, ev, plus, session, surveyAnswer } from '../support/records.js';
import { createTestClient } from '../support/client.js';
import { DASHBOARD_STATEMENTS, RECORD_TABLES } from '../support/dashboard-statements.js';

const client = createTestClient();
const window = { from: '2026-11-09T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' };

/** METRICS.md §5, by hand: review cadence, panels' metrics in order, the splits it names, alert rules. */
const EXPECTED = {
  growth: {
    review: 'weekly',
    metrics: ['wau_high_satisfaction', 'new_users', 'new_users', 'retention_d1', 'retention_w1', 'retention_w4', 'activation_rate_7d'],
    splits: [['new_users', 'acquisitionSource'], ['new_users', 'platform']],
    alerts: ['wau.declining_wow', 'retention_d1.deteriorating', 'retention_w1.deteriorating', 'retention_w4.deteriorating', 'activation_rate_7d.below_50_percent'],
  },
  engagement: {
    review: 'weekly',
    metrics: ['commands_generated_per_user', 'execution_rate', 'backend_share', 'query_complexity_share'],
    splits: [],
    alerts: ['execution_rate.below_60_percent', 'backend_share.static_below_50_percent', 'commands_generated_per_user.declining_wow'],
  },
  quality: {
    review: 'daily',
    metrics: ['first_attempt_success_rate', 'post_repair_success_rate', 'latency_p50', 'latency_p95', 'latency_p99', 'error_rate',
      'safety_true_positive_rate', 'safety_false_positive_rate', 'safety_override_rate'],
    splits: [['error_rate', 'errorCategory']],
    alerts: ['first_attempt_success_rate.below_80_percent', 'latency_p95.above_1000_ms', 'error_rate.above_5_percent', 'safety_false_positive_rate.above_10_percent'],
  },
  satisfaction: {
    review: 'monthly',
    metrics: ['nps', 'csat', 'survey_response_rate', 'support_response_satisfaction', 'support_resolution_rate'],
    splits: [],
    alerts: ['nps.dropping_mom', 'csat.below_4', 'support_response_satisfaction.below_70_percent'],
  },
} as const;
const IDS = Object.keys(EXPECTED) as (keyof typeof EXPECTED)[];

const DashboardList = graphql(`
  query DashboardList { dashboards { id title review granularity alerts panels { metric segment granularity } } }
`);

const DashboardView = graphql(`
  query DashboardView($id: ID!, $window: TimeWindowInput) {
    dashboard(id: $id, window: $window) {
      id title review window { from to }
      alerts { ruleId state since lastValue rule { metric name } }
      panels {
        metric segment granularity
        result { id window { from to } cohortWindow { from to } value previousValue change changeUnit status sampleSize excludedCohortMembers }
        segments { key value status }
        series { start end value partial }
      }
    }
  }
`);

const PanelMetric = graphql(`
  query DashboardPanelMetric($id: ID!, $window: TimeWindowInput!, $by: String!, $split: Boolean!, $granularity: Granularity!) {
    metric(id: $id, window: $window, cohort: LATEST_FINISHED) {
      id window { from to } cohortWindow { from to } value previousValue change changeUnit status sampleSize excludedCohortMembers
      segments(by: $by) @include(if: $split) { key value status }
      series(granularity: $granularity) { start end value partial }
    }
  }
`);

beforeAll(async () => {
  // Six sessions first seen in the window (one a day), two in the week before; each installs, generates
  // on several backends and complexities, executes, fails, is blocked, and answers surveys.
  const backends = ['STATIC', 'STATIC', 'EMBEDDED', 'MLX'] as const;
  const complexities = ['SIMPLE', 'MEDIUM', 'COMPLEX'] as const;
  const days = ['2026-11-03', '2026-11-05', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14'];
  const sessions = days.map(() => session());
  const blocked: ReturnType<typeof ev>[] = [];
  const events = days.flatMap((day, i) => {
    const s = sessions[i]!;
    const platform = i % 2 === 0 ? 'linux-x86_64' : 'macos-aarch64';
    const block = ev(s, `${day}T05:00:00Z`, 'VALIDATION_BLOCKED', { platform, validationSeverity: i % 3 === 0 ? 'CRITICAL' : 'HIGH' });
    blocked.push(block);
    return [
      ev(s, day, 'INSTALLED', { platform, acquisitionSource: i % 2 === 0 ? 'HN' : 'GITHUB' }),
      ...Array.from({ length: 12 }, (_, k) =>
        ev(s, plus(`${day}T01:00:00Z`, 60 * k), 'COMMAND_GENERATED', {
          platform, backend: backends[(i + k) % 4], queryComplexity: complexities[(i + k) % 3], latencyMs: 50 + 100 * k + 10 * i, success: k % 4 !== 3,
        })),
      // Ten successful executions: the session counts for survey_response_rate.
      ...Array.from({ length: 10 }, (_, k) => ev(s, plus(`${day}T02:00:00Z`, 60 * k), 'COMMAND_EXECUTED', { platform })),
      ev(s, `${day}T03:00:00Z`, 'AGENT_LOOP_REPAIR', { platform }),
      ev(s, `${day}T04:00:00Z`, 'COMMAND_FAILED', { platform, success: false, errorCategory: i % 2 === 0 ? 'timeout' : 'parse_error' }),
      block,
      ...(i % 2 === 0 ? [ev(s, `${day}T06:00:00Z`, 'SAFETY_OVERRIDE', { platform, validationSeverity: 'HIGH' })] : []),
      // Active again the next day (retention_d1).
      ev(s, plus(day, 36 * 3600), 'COMMAND_EXECUTED', { platform }),
    ];
  });
  const surveys = days.flatMap((day, i) => {
    const s = sessions[i]!;
    return [
      surveyAnswer(s, `${day}T08:00:00Z`, 'NPS', [10, 9, 6, 8, 3, 10, 9, 7][i]!, { persona: i % 2 === 0 ? 'DEVOPS' : 'DEVELOPER' }),
      surveyAnswer(s, `${day}T09:00:00Z`, 'CSAT', [5, 4, 3, 5, 4, 2, 5, 4][i]!),
      surveyAnswer(s, `${day}T10:00:00Z`, 'SUPPORT_RESPONSE_TIME', null, { answer: i % 3 === 0 ? 'NO' : 'YES' }),
      surveyAnswer(s, `${day}T11:00:00Z`, 'SUPPORT_RESOLUTION', null, { answer: ['YES', 'NO', 'PARTIALLY'][i % 3] }),
    ];
  });
  await loadFixture({ events, surveys });
  await loadAudits(blocked.map((event, i) => auditOf(event, `${days[i]}T07:00:00Z`, i % 4 === 1 ? 'FALSE_POSITIVE' : 'TRUE_POSITIVE')));
});

describe('dashboards: the definitions of METRICS.md §5 (#4)', () => {
  it('lists growth, engagement, quality and satisfaction with their review, panels and alerts', async () => {
    const { dashboards } = await client.request(DashboardList);
    expect(dashboards.map((d) => d.id)).toEqual(IDS);
    for (const dashboard of dashboards) {
      const expected = EXPECTED[dashboard.id as keyof typeof EXPECTED];
      expect(dashboard.review, dashboard.id).toBe(expected.review);
      expect(dashboard.title, dashboard.id).not.toBe('');
      expect(dashboard.panels.map((p) => p.metric), dashboard.id).toEqual(expected.metrics);
      for (const [metric, segment] of expected.splits) expect(dashboard.panels, dashboard.id).toContainEqual(expect.objectContaining({ metric, segment }));
      // Other splits are the definition's choice, but must be segments of their metric.
      for (const panel of dashboard.panels.filter((p) => p.segment)) expect(registry.get(panel.metric)!.segments).toContain(panel.segment);
      expect([...dashboard.alerts].sort(), dashboard.id).toEqual([...expected.alerts].sort());
      for (const rule of dashboard.alerts) {
        const [metricId, name] = rule.split('.');
        expect(registry.get(metricId!)?.alerts?.map((a) => a.name), rule).toContain(name);
      }
    }
  });
});

describe('dashboard(id:, window:) (#4)', () => {
  it.each(IDS)('%s: every panel agrees with metric(id:, cohort: LATEST_FINISHED) over the same window', async (id) => {
    const { dashboard } = await client.request(DashboardView, { id, window });
    expect(dashboard).toMatchObject({ id, review: EXPECTED[id].review, window });
    // No evaluation has run: every rule shown is INACTIVE, with no value.
    expect(dashboard.alerts).toEqual(
      EXPECTED[id].alerts.map((ruleId) => {
        const [metric, name] = ruleId.split('.');
        return { ruleId, state: 'INACTIVE', since: null, lastValue: null, rule: { metric, name } };
      }),
    );
    expect(dashboard.panels.map((p) => p.metric)).toEqual(EXPECTED[id].metrics);
    for (const panel of dashboard.panels) {
      const label = `${id}/${panel.metric}${panel.segment ? ` by ${panel.segment}` : ''}`;
      const { metric } = await client.request(PanelMetric, {
        id: panel.metric, window, by: panel.segment ?? '', split: panel.segment != null, granularity: panel.granularity,
      });
      const { segments, series, ...result } = metric;
      expect(panel.result, label).toEqual(result);
      expect(panel.series, label).toEqual(series);
      expect(panel.series.length, label).toBe(panel.granularity === 'DAY' ? 7 : 1);
      if (panel.segment) {
        expect(panel.segments, label).toEqual(segments);
        expect(panel.segments!.length, `${label}: the split has values`).toBeGreaterThan(0);
      } else {
        expect(panel.segments, label).toBeNull();
      }
    }
    // The fixture gives every panel a value but the cohort ones still looking forward (retention_w1, w4).
    const empty = dashboard.panels.filter((p) => p.result.value === null).map((p) => p.metric);
    expect(empty.filter((m) => !['retention_w1', 'retention_w4'].includes(m)), id).toEqual([]);
  });

  it.each<[keyof typeof EXPECTED, string]>([
    ['quality', 'P1D'],
    ['growth', 'P7D'],
    ['engagement', 'P7D'],
    ['satisfaction', 'P1M'],
  ])('%s: with window {} or none, the review period (%s) ending now', async (id, duration) => {
    const before = Date.now();
    const views = await Promise.all([client.request(DashboardView, { id, window: {} }), client.request(DashboardView, { id })]);
    for (const { dashboard } of views) {
      const [from, to] = [new Date(dashboard.window.from), new Date(dashboard.window.to)];
      expect(to.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(to.getTime()).toBeLessThanOrEqual(Date.now());
      expect(from).toEqual(subtractDuration(to, duration));
      for (const panel of dashboard.panels) expect(panel.result.window, panel.metric).toEqual(dashboard.window);
    }
  });

  it('an unknown dashboard: DASHBOARD_NOT_FOUND', async () => {
    const errors = await requestErrors(client.request(DashboardView, { id: 'revenue', window }));
    expect(errors).toMatchObject([{ extensions: { code: 'DASHBOARD_NOT_FOUND' }, message: expect.stringContaining('growth') }]);
  });
});

/** One statement per distinct leaf and segment, whatever the number of panels, windows and buckets: counted by hand in test/support/dashboard-statements.ts. */
describe('a whole dashboard costs one statement per distinct leaf and segment (#9)', () => {
  it.each(IDS.flatMap((id) => [[id, 'the fixture week', window], [id, 'its default window', {}]] as const))(
    '%s over %s',
    async (id, _, input) => {
      // As after any write: the answers cached by the tests above are not served again.
      markDataChanged();
      const spy = vi.spyOn(db.reads, 'query');
      // Other per-request work (the API-token check) may query too: count the statements that read records.
      const reads = () => spy.mock.calls.filter(([query]) => RECORD_TABLES.test(query.render(db.dialect).text)).length;
      try {
        const { dashboard } = await client.request(DashboardView, { id, window: input });
        expect(dashboard.panels.length).toBe(EXPECTED[id].metrics.length);
        expect(reads()).toBe(DASHBOARD_STATEMENTS[id]);
        // The same view again, with no write in between: answered from the server's cache, no SQL (#13).
        const { dashboard: again } = await client.request(DashboardView, { id, window: input });
        expect(again).toEqual(dashboard);
        expect(reads()).toBe(DASHBOARD_STATEMENTS[id]);
      } finally {
        spy.mockRestore();
      }
    },
  );
});

describe('a dashboard shows the state of its alert rules (#13)', () => {
  const Evaluate = graphql(`mutation DashboardAlertsEvaluate($at: DateTime) { evaluateAlerts(at: $at) { evaluated } }`);
  const AllAlerts = graphql(`query DashboardAlertsAll { alerts { ruleId state since lastValue } }`);

  it('quality, evaluated at 2026-11-14 00:00 (judging 2026-11-13): states and values as the alerts query has them', async () => {
    const at = '2026-11-14T00:00:00.000Z';
    await client.request(Evaluate, { at });
    const { dashboard } = await client.request(DashboardView, { id: 'quality', window });
    // 2026-11-13 is session 6's day: 12 generations of latency 110, 210, … 1 210 ms, those with k % 4 = 3
    // failed (3 of 12), one COMMAND_FAILED, one block audited TRUE_POSITIVE.
    expect(dashboard.alerts.map(({ ruleId, state, since }) => ({ ruleId, state, since }))).toEqual([
      { ruleId: 'first_attempt_success_rate.below_80_percent', state: 'FIRING', since: at }, // 9/12 = 0.75 < 0.8
      { ruleId: 'latency_p95.above_1000_ms', state: 'FIRING', since: at }, // rank 0.95 × 11 = 10.45: 1 110 + 0.45 × 100 = 1 155 > 1 000
      { ruleId: 'error_rate.above_5_percent', state: 'FIRING', since: at }, // 1/12 > 0.05
      { ruleId: 'safety_false_positive_rate.above_10_percent', state: 'INACTIVE', since: at }, // 0/1
    ]);
    const values = dashboard.alerts.map((a) => a.lastValue);
    expect(values[0]).toBeCloseTo(0.75, 9);
    expect(values[1]).toBeCloseTo(1155, 6);
    expect(values[2]).toBeCloseTo(1 / 12, 9);
    expect(values[3]).toBe(0);
    // The same states as the alerts query: one alert-state type.
    const { alerts } = await client.request(AllAlerts);
    const { rule: _, ...first } = dashboard.alerts[0]!;
    expect(alerts.find((a) => a.ruleId === first.ruleId)).toEqual(first);
  });
});
