/**
 * The whole catalogue (#4): METRICS.md §4 (read from docs/METRICS.md) is exactly the registry and
 * `metricDefinitions`; every id answers through `metric(id:)` and through its typed field (one request
 * with all of them); every metric explains itself, and its alerts' scopes and per-segment targets
 * name segments it has and values those segments can take. GraphQL computes at the real "now": the
 * fixture window [10-05, 10-12) of 2026 lies in the past, with every cohort period over.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as contract from '../../src/ingestion/contract.js';
import { computeSegments } from '../../src/query-engine/metric-result.js';
import { registry } from '../../src/registry/catalogue.js';
import { graphql } from '../client/gql/index.js';
import { evaluatorAt } from '../support/engine.js';
import { loadAudits, loadFixture } from '../support/metric-tester.js';
import { auditOf, billing, ev, gaugeAt, on, session, surveyAnswer, win } from '../support/records.js';
import { createTestClient } from '../support/client.js';
import { catalogueIds, catalogueSegments } from '../support/metrics-spec.js';

/**
 * METRICS.md §4, one id per catalogue entry, read from the vendored spec (docs/METRICS.md): a row may
 * list several ids, and the gauges' row lists theirs as the gauge name with `.` as `_`.
 */
const CATALOGUE = catalogueIds();

/** Dimensions the "segments" column of §4 lists that no metric offers yet (the plugin's description says so). */
const NOT_OFFERED: Record<string, string[]> = { nps: ['cohort'] };

/** The "segments" column of METRICS.md §4, where it lists dimensions, less those not offered yet. */
const CATALOGUE_SEGMENTS: Record<string, string[]> = Object.fromEntries(
  Object.entries(catalogueSegments()).map(([id, segments]) => [id, segments.filter((s) => !NOT_OFFERED[id]?.includes(s))]),
);

/** The values an enumerated segment can take (METRICS.md §2); free-form ones (platform, model…) are not listed. */
const SEGMENT_VALUES: Record<string, readonly string[]> = {
  backend: contract.BACKENDS, validationSeverity: contract.VALIDATION_SEVERITIES, safetyMode: contract.SAFETY_MODES,
  queryComplexity: contract.QUERY_COMPLEXITIES, acquisitionSource: contract.ACQUISITION_SOURCES, feature: contract.SURVEY_FEATURES,
  answer: contract.SURVEY_ANSWERS, tier: contract.TIERS,
};

const camel = (id: string) => id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const sorted = (ids: readonly string[]) => [...ids].sort();
const client = createTestClient();
const W = win('2026-10-05', '2026-10-12');
const window = { from: W.from.toISOString(), to: W.to.toISOString() };

const AllMetrics = graphql(`
  query CatalogueTypedFields($window: TimeWindowInput!) {
    metrics {
      wauHighSatisfaction(window: $window) { value status }
      totalUsers(window: $window) { value status } newUsers(window: $window) { value status }
      timeToFirstSuccessP80(window: $window) { value status } activationRate7d(window: $window) { value status }
      retentionD1(window: $window) { value status } retentionW1(window: $window) { value status }
      retentionW4(window: $window) { value status } wau(window: $window) { value status } mau(window: $window) { value status }
      mauRatio(window: $window) { value status }
      commandsGeneratedPerUser(window: $window) { value status } commandsExecutedPerUser(window: $window) { value status }
      executionRate(window: $window) { value status } backendShare(window: $window) { value status }
      safetyModeShare(window: $window) { value status } historyAdoption(window: $window) { value status }
      historySearchesPerUser(window: $window) { value status } pluginAdoption(window: $window) { value status }
      queryComplexityShare(window: $window) { value status } refinementUsage(window: $window) { value status }
      refinementsPerComplexQuery(window: $window) { value status }
      firstAttemptSuccessRate(window: $window) { value status } postRepairSuccessRate(window: $window) { value status }
      agentLoopValue(window: $window) { value status } safetyTruePositiveRate(window: $window) { value status }
      safetyFalsePositiveRate(window: $window) { value status } safetyOverrideRate(window: $window) { value status }
      latencyP50(window: $window) { value status } latencyP95(window: $window) { value status }
      latencyP99(window: $window) { value status } inferenceTimeP50(window: $window) { value status }
      errorRate(window: $window) { value status }
      nps(window: $window) { value status } csat(window: $window) { value status }
      featureSatisfaction(window: $window) { value status } supportResponseSatisfaction(window: $window) { value status }
      supportResolutionRate(window: $window) { value status } surveyResponseRate(window: $window) { value status }
      memoryMbAvg(window: $window) { value status } memoryMbMax(window: $window) { value status }
      cpuPercentAvg(window: $window) { value status } platformShare(window: $window) { value status }
      binarySizeMb(window: $window) { value status }
      githubStars(window: $window) { value status } githubForks(window: $window) { value status }
      githubContributorsMonth(window: $window) { value status } githubPrsMerged(window: $window) { value status }
      githubIssuesOpen(window: $window) { value status } discordMembers(window: $window) { value status }
      discordActive7d(window: $window) { value status } discordMessagesDay(window: $window) { value status }
      discordFirstResponseMinutes(window: $window) { value status } downloadsTotal(window: $window) { value status }
      contentBlogViews(window: $window) { value status }
      mrr(window: $window) { value status } arpu(window: $window) { value status } conversionRate(window: $window) { value status }
      tierShare(window: $window) { value status } churnRate(window: $window) { value status }
    }
  }
`);

const MetricById = graphql(`
  query CatalogueMetricById($id: ID!, $window: TimeWindowInput!) { metric(id: $id, window: $window) { id value status } }
`);

const MetricSegments = graphql(`
  query CatalogueMetricSegments($id: ID!, $by: String!, $window: TimeWindowInput!) {
    metric(id: $id, window: $window) { segments(by: $by) { key value status } }
  }
`);

const Definitions = graphql(`
  query CatalogueDefinitions { metricDefinitions { id title description segments alerts { name kind } } }
`);

// One session does a bit of everything in the window, so that every metric with a headline has a value.
beforeAll(async () => {
  const [a, b, c] = [session(), session(), session()];
  const blocked = on('2026-10-07', 2, (at) => ev(a, at, 'VALIDATION_BLOCKED', { validationSeverity: 'CRITICAL' }));
  const resources = { model: 'smollm', inferenceMs: 200, memoryMb: 500, cpuPercent: 50 };
  await loadFixture({
    events: [
      ev(a, '2026-10-05', 'INSTALLED', { acquisitionSource: 'HN', persona: 'EXPERT', historyEnabled: true, pluginCount: 1, safetyMode: 'NORMAL' }),
      ...Array.from({ length: 10 }, (_, i) => ev(a, `2026-10-05T01:0${i}:00Z`, 'COMMAND_EXECUTED', resources)),
      ...[true, true, false].map((success, i) => ev(a, `2026-10-06T0${i}:00:00Z`, 'COMMAND_GENERATED', { success, queryComplexity: 'COMPLEX', refinementCount: i })),
      ev(a, '2026-10-06T04:00:00Z', 'AGENT_LOOP_REPAIR'), ev(a, '2026-10-06T05:00:00Z', 'COMMAND_FAILED', { success: false, errorCategory: 'timeout' }),
      ev(a, '2026-10-06T06:00:00Z', 'COMMAND_EXECUTED'), ...blocked,
      ev(a, '2026-10-07T03:00:00Z', 'SAFETY_OVERRIDE', { validationSeverity: 'CRITICAL' }), ev(a, '2026-10-07T04:00:00Z', 'HISTORY_SEARCHED'),
      ev(b, '2026-10-08', 'COMMAND_GENERATED', { platform: 'macos-aarch64', backend: 'EMBEDDED', latencyMs: 700 }),
    ],
    surveys: [
      surveyAnswer(a, '2026-10-08', 'NPS', 9), surveyAnswer(a, '2026-10-08T01:00:00Z', 'CSAT', 5),
      surveyAnswer(a, '2026-10-08T02:00:00Z', 'FEATURE', null, { feature: 'SAFETY_VALIDATION', answer: 'YES' }),
      surveyAnswer(a, '2026-10-08T03:00:00Z', 'SUPPORT_RESPONSE_TIME', null, { answer: 'YES' }),
      surveyAnswer(a, '2026-10-08T04:00:00Z', 'SUPPORT_RESOLUTION', null, { answer: 'YES' }),
    ],
    gauges: ['github.stars', 'github.forks', 'github.contributors_month', 'github.prs_merged', 'github.issues_open', 'discord.members',
      'discord.active_7d', 'discord.messages_day', 'discord.first_response_minutes', 'release.binary_size_mb', 'downloads.total',
      'content.blog_views'].flatMap((gauge, i) => [gaugeAt(gauge, '2026-10-01', 10 + i), gaugeAt(gauge, '2026-10-08', 20 + i)]),
    subscriptions: [
      billing(session(), '2026-09-01', 'STARTED', 'PRO', 400), billing(session(), '2026-09-01', 'STARTED', 'FREE', 0),
      billing(c, '2026-09-02', 'STARTED', 'PRO', 400), billing(c, '2026-10-07', 'CANCELLED', 'PRO', 0),
    ],
  });
  await loadAudits([auditOf(blocked[0]!, '2026-10-08', 'TRUE_POSITIVE'), auditOf(blocked[1]!, '2026-10-08', 'FALSE_POSITIVE')]);
});

describe('the catalogue is the registry (#4)', () => {
  it('METRICS.md §4 lists 60 ids, each once', () => {
    expect(CATALOGUE).toHaveLength(60);
    expect(new Set(CATALOGUE).size).toBe(60);
  });

  it('the registry holds exactly the catalogue', () => {
    expect(sorted(registry.metrics.map((m) => m.id))).toEqual(sorted(CATALOGUE));
  });

  it('metricDefinitions lists exactly the catalogue', async () => {
    const { metricDefinitions } = await client.request(Definitions);
    expect(sorted(metricDefinitions.map((m) => m.id))).toEqual(sorted(CATALOGUE));
  });

  it.each(Object.entries(CATALOGUE_SEGMENTS))('%s can be split by the dimensions the catalogue lists', (id, segments) => {
    expect(registry.get(id)!.segments).toEqual(expect.arrayContaining(segments));
  });

  it.each(Object.entries(NOT_OFFERED))('%s does not offer yet the dimensions excepted above (drop the exception once it does)', (id, segments) => {
    for (const segment of segments) expect(registry.get(id)!.segments).not.toContain(segment);
  });
});

describe('every id answers through metric(id:) and its typed field (#4)', () => {
  let typed: Record<string, { value: number | null; status: string }>;
  beforeAll(async () => {
    typed = (await client.request(AllMetrics, { window })).metrics as never;
  });

  it('one request with all 60 typed fields: no errors, one field per id', () => {
    expect(sorted(Object.keys(typed))).toEqual(sorted(CATALOGUE.map(camel)));
  });

  it('every metric with a headline has a value over the fixture window', () => {
    // platform_share and tier_share have no headline value (their descriptions say: read them by segment).
    const missing = CATALOGUE.filter((id) => typed[camel(id)]!.value === null);
    expect(sorted(missing)).toEqual(['platform_share', 'tier_share']);
  });

  it.each(CATALOGUE)('%s: metric(id:) answers the same as the typed field', async (id) => {
    const { metric } = await client.request(MetricById, { id, window });
    expect(metric).toEqual({ id, ...typed[camel(id)] });
  });
});

describe('every metric explains itself; alerts and targets name what exists (#4)', () => {
  it('each description (served by GraphQL) and title is non-empty', async () => {
    const { metricDefinitions } = await client.request(Definitions);
    for (const m of metricDefinitions) {
      expect(m.description.trim().length, m.id).toBeGreaterThan(20);
      expect(m.title.trim(), m.id).not.toBe('');
    }
  });

  it('alert names are unique per metric, and every scope names a segment of the metric and a value it can take', () => {
    for (const metric of registry.metrics) {
      const names = (metric.alerts ?? []).map((a) => a.name);
      expect(new Set(names).size, metric.id).toBe(names.length);
      for (const alert of metric.alerts ?? []) {
        if (!alert.scope) continue;
        expect(metric.segments, `${metric.id}.${alert.name}`).toContain(alert.scope.segment);
        expect(SEGMENT_VALUES[alert.scope.segment] ?? [alert.scope.value], `${metric.id}.${alert.name}`).toContain(alert.scope.value);
      }
    }
  });

  it('a scoped alert reads a segment value the split answers (safety_true_positive_rate: CRITICAL)', async () => {
    const scoped = registry.metrics.flatMap((m) => (m.alerts ?? []).filter((a) => a.scope).map((a) => ({ metric: m, scope: a.scope! })));
    expect(scoped.length).toBeGreaterThan(0);
    for (const { metric, scope } of scoped) {
      const split = await computeSegments(evaluatorAt(), metric, W, scope.segment);
      expect(split.map((s) => s.key), metric.id).toContain(scope.value);
    }
  });

  it('per-segment targets name segments of the metric and values they can take', () => {
    for (const metric of registry.metrics) {
      if (!metric.target || !('bySegment' in metric.target)) continue;
      for (const [segment, byValue] of Object.entries(metric.target.bySegment)) {
        expect(metric.segments, metric.id).toContain(segment);
        for (const value of Object.keys(byValue ?? {})) expect(SEGMENT_VALUES[segment] ?? [value], `${metric.id}.${segment}`).toContain(value);
      }
    }
  });

  it('every segment of every metric answers through metric(id:) { segments(by:) }', async () => {
    const pairs = registry.metrics.flatMap((m) => m.segments.map((by) => ({ id: m.id, by })));
    // One after the other: the requests are cheap, and the test database's pool stays small.
    for (const { id, by } of pairs) {
      const { metric } = await client.request(MetricSegments, { id, by, window });
      expect(Array.isArray(metric.segments), `${id} by ${by}`).toBe(true);
    }
  });
});
