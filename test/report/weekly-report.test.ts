/**
 * The weekly report (#5) for 2026-W06 (Mon 2 Feb to Mon 9 Feb 2026) against W05, on a fixture of
 * three sessions small enough to work every line out by hand (below, beside each expectation).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { createEvaluator } from '../../src/query-engine/evaluate.js';
import { registry } from '../../src/registry/catalogue.js';
import { buildWeeklyReport, parseIsoWeek } from '../../src/report/weekly-report.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';

const NOW = new Date('2026-03-15T00:00:00Z');
const S1 = '10000000-0000-4000-8000-000000000001';
const S2 = '20000000-0000-4000-8000-000000000002';
const S0 = '30000000-0000-4000-8000-000000000003';
const at = (iso: string) => new Date(iso);
let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const event = (sessionId: string, timestamp: string, eventType: string, extra: Record<string, unknown> = {}) => ({
  eventId: id(), sessionId, timestamp: at(timestamp), eventType, backend: 'STATIC', platform: 'linux-x86_64',
  caroVersion: '1.0.0', latencyMs: 100, success: true, ...extra,
});
const survey = (sessionId: string, timestamp: string, name: 'NPS' | 'CSAT', score: number) => ({
  responseId: id(), sessionId, timestamp: at(timestamp), survey: name, score,
});

beforeAll(async () => {
  const options = { driver: db.sql, hashSession: (s: string) => s, retentionDays: 90, receivedAt: NOW };
  const events = await ingest(kinds.telemetryEvents, [
    // S0: first seen Mon 19 Jan (W04), back on Tue 27 Jan (W05): the week-1 cohort that is over by W06's end.
    event(S0, '2026-01-19T10:00:00Z', 'INSTALLED'),
    event(S0, '2026-01-27T10:00:00Z', 'COMMAND_GENERATED', { latencyMs: 100 }),
    event(S0, '2026-01-27T10:01:00Z', 'COMMAND_EXECUTED'),
    // S1: first seen Tue 27 Jan (W05), back on Tue 3 Feb (W06).
    event(S1, '2026-01-27T10:00:00Z', 'COMMAND_GENERATED', { latencyMs: 100 }),
    event(S1, '2026-01-27T10:01:00Z', 'COMMAND_EXECUTED'),
    event(S1, '2026-02-03T11:00:00Z', 'COMMAND_GENERATED', { latencyMs: 200 }),
    event(S1, '2026-02-03T11:01:00Z', 'COMMAND_EXECUTED'),
    // S2: first seen Tue 3 Feb (W06), on the EMBEDDED backend; a failure, then a success the next day.
    event(S2, '2026-02-03T09:00:00Z', 'COMMAND_GENERATED', { backend: 'EMBEDDED', latencyMs: 600, success: false }),
    event(S2, '2026-02-03T09:00:05Z', 'COMMAND_FAILED', { backend: 'EMBEDDED', success: false, errorCategory: 'timeout' }),
    event(S2, '2026-02-04T09:00:00Z', 'COMMAND_GENERATED', { backend: 'EMBEDDED', latencyMs: 400 }),
    event(S2, '2026-02-04T09:01:00Z', 'COMMAND_EXECUTED', { backend: 'EMBEDDED' }),
  ], options);
  const surveys = await ingest(kinds.surveyResponses, [
    survey(S1, '2026-01-28T12:00:00Z', 'NPS', 9),
    survey(S1, '2026-02-04T12:00:00Z', 'NPS', 10),
    survey(S2, '2026-02-05T12:00:00Z', 'NPS', 5),
    survey(S1, '2026-02-04T12:00:00Z', 'CSAT', 5),
    survey(S2, '2026-02-05T12:00:00Z', 'CSAT', 3),
  ], options);
  expect([events.rejected, surveys.rejected]).toEqual([0, 0]);
});

const report = () => buildWeeklyReport(createEvaluator({ driver: db.reads, formulaOf: registry.formulaOf, now: NOW, source: env.CARO_QUERY_SOURCE }), registry, '2026-W06');

describe('weekly report (#5)', () => {
  it('reads ISO weeks: W06 of 2026 is Monday 2 February to Monday 9 February', () => {
    expect(parseIsoWeek('2026-W06')).toEqual({ from: at('2026-02-02T00:00:00Z'), to: at('2026-02-09T00:00:00Z') });
    expect(parseIsoWeek('2026-W01').from).toEqual(at('2025-12-29T00:00:00Z'));
    expect(() => parseIsoWeek('2026-06')).toThrow(/ISO week/);
    expect(() => parseIsoWeek('2027-W53')).toThrow(/weeks 01 to 52/);
  });

  it('computes each headline with its change, marker and the action items from failing rules', async () => {
    const { markdown } = await report();
    expect(markdown).toBe(
      [
        '# Caro Weekly Metrics - Week of Feb 2, 2026 (2026-W06)',
        '',
        '## North Star Metric',
        // Active in W06: S1 and S2; latest CSAT ≥ 4: S1 only → 1. W05: S0 and S1 active, no CSAT yet → 0.
        // Target (from 2026-01-31) 500: missed.
        'WAU with High Satisfaction: 1 (up from 0) ⚠️',
        '',
        '## Growth',
        // First seen in W06: S2; in W05: S1 → 1 vs 1. Target in February: 636.
        '- New Users: 1 (no change) ⚠️',
        // Cohort metrics report the latest cohort over by the week's end. Week 1 looks up to 14 days ahead:
        // the cohort of two weeks earlier, [19 Jan, 26 Jan): S0, active in [26 Jan 10:00, 2 Feb 10:00) → 100%,
        // target 30% met; the cohort before it is empty. The rule on W06's own cohort fires (S2 0% after S1 100%): ⚠️.
        '- Week 1 Retention: 100 % (no previous data, cohort of 2026-01-19 – 2026-01-25) ⚠️',
        // Week 4 looks up to 35 days ahead: the cohort of five weeks earlier, [29 Dec, 5 Jan), is empty.
        '- Week 4 Retention: no data (no previous data, cohort of 2025-12-29 – 2026-01-04)',
        '',
        '## Engagement',
        // W06: 3 generated / 2 active sessions = 1.5 per 7 days; W05: 2 / 2 = 1 → +50%. Target 10.
        '- Commands/User/Week: 1.5 (+50 % WoW) ⚠️',
        // W06: 2 executed / 3 generated = 66.7%; W05: 2/2 = 100% → −33.3pp. 66.7% is within 10% of 70%: at risk.
        '- Execution Rate: 66.7 % (−33.3 pp) ⚠️',
        // Generated in W06 by backend: EMBEDDED 2, STATIC 1 → 67%, 33%; STATIC below 60% (and below the 50% alert).
        '- Backend: 66.7 % embedded, 33.3 % static ⚠️',
        '',
        '## Quality',
        // Successful generations 2 of 3 = 66.7%; W05 2 of 2. Target 85%.
        '- Success Rate: 66.7 % (−33.3 pp) ⚠️',
        // Latencies 200, 400, 600: rank 0.95 × 2 = 1.9 → 400 + 0.9 × 200 = 580; W05: 100 and 100 → +480%. No overall target.
        '- P95 Latency: 580 ms (+480 % WoW)',
        // 1 failed / 3 generated = 33%; W05: 0 / 2 = 0% → +33.3pp. Target at most 2%.
        '- Error Rate: 33.3 % (+33.3 pp) ⚠️',
        '',
        '## Satisfaction',
        // W06: promoters 1 of 2 (50%) − detractors 1 of 2 (50%) = 0; W05: one 9 → 100. No target before July; the drop alert fails.
        '- NPS: 0 (−100 pts) ⚠️',
        // (5 + 3) / 2 = 4; no CSAT in W05; no target before July; not below 4.
        '- CSAT: 4 (no previous data)',
        '',
        '## Action Items',
        '1. Investigate Error rate: 33.3 % (above 5 %) (critical)',
        '2. Investigate First-attempt success rate: 66.7 % (below 80 %) (critical)',
        // S2 has 1 successful execution within 7 days, not 3 → 0% of the W06 cohort.
        '3. Investigate Activation rate (7 days): 0 % (below 50 %) (warning)',
        '4. Investigate Backend share: 33.3 % (below 50 %) (warning)',
        '5. Investigate Net Promoter Score: 0, down from 100 (warning)',
        '6. Investigate Week-1 retention: 0 %, down from 100 % (warning)',
        '',
      ].join('\n'),
    );
  });

  it('gives the same report as structured data, as plain text and through GraphQL', async () => {
    const built = await report();
    const execution = built.sections[2]!.lines[1]!;
    expect(execution).toMatchObject({ metric: 'execution_rate', status: 'AT_RISK', marker: '⚠️', changeUnit: 'POINTS' });
    expect(execution.value).toBeCloseTo(2 / 3);
    expect(execution.change).toBeCloseTo(-100 / 3);
    expect(built.text).toContain('QUALITY\n  Success Rate: 66.7 % (−33.3 pp) ⚠️\n');
    expect(built.text).toContain('ACTION ITEMS\n  1. Investigate Error rate: 33.3 % (above 5 %) (critical)\n');

    const { weeklyReport } = await createTestClient().request(
      graphql(`query WeeklyReportW06($week: String!) { weeklyReport(week: $week) { week from sections { title lines { metric marker } } actionItems { ruleId severity } } }`),
      { week: '2026-W06' },
    );
    expect(weeklyReport.from).toBe('2026-02-02T00:00:00.000Z');
    expect(weeklyReport.actionItems.map((a) => a.ruleId)).toEqual([
      'error_rate.above_5_percent',
      'first_attempt_success_rate.below_80_percent',
      'activation_rate_7d.below_50_percent',
      'backend_share.static_below_50_percent',
      'nps.dropping_mom',
      'retention_w1.deteriorating',
    ]);
  });

  it('refuses a malformed week with INVALID_WEEK', async () => {
    await expect(createTestClient().request(`{ weeklyReport(week: "2026-13") { week } }`)).rejects.toMatchObject({
      response: { errors: [{ extensions: { code: 'INVALID_WEEK' } }] },
    });
  });
});
