/**
 * The satisfaction metrics: one statement over survey responses. Counts per day-long slice rolled up
 * into every period, splits by one GROUP BY of the window's responses per dimension, and the survey
 * response rate from each session's 10th successful COMMAND_EXECUTED (ROW_NUMBER): a session has
 * reached 10 before a period's end exactly when its 10th is before it.
 */
import type { DialectSql } from './dialect.js';
import { countIf, dimsOf, periodsRelation, ratio, slicer, span, splitRows, statement, valueRows, wanted, type Family } from './plan.js';

const SURVEY_COLUMNS: Record<string, string> = {
  csat_sum: `SUM(CASE WHEN r.survey = 'CSAT' THEN r.score END)`,
  csat_n: countIf(`r.survey = 'CSAT' AND r.score IS NOT NULL`),
  csat_rows: countIf(`r.survey = 'CSAT'`),
  nps_n: countIf(`r.survey = 'NPS'`),
  nps_promoters: countIf(`r.survey = 'NPS' AND r.score >= 9`),
  nps_detractors: countIf(`r.survey = 'NPS' AND r.score <= 6`),
  feature_n: countIf(`r.survey = 'FEATURE'`),
  feature_yes: countIf(`r.survey = 'FEATURE' AND r.answer = 'YES'`),
  response_n: countIf(`r.survey = 'SUPPORT_RESPONSE_TIME'`),
  response_yes: countIf(`r.survey = 'SUPPORT_RESPONSE_TIME' AND r.answer = 'YES'`),
  resolution_n: countIf(`r.survey = 'SUPPORT_RESOLUTION' AND r.answer IS NOT NULL`),
  resolution_yes: countIf(`r.survey = 'SUPPORT_RESOLUTION' AND r.answer = 'YES'`),
};

interface SurveyMetric {
  uses: readonly string[];
  value(d: DialectSql): string;
  present: string;
  /** Split as shares of this column's total (support resolution by answer). */
  share?: string;
}

export const SURVEY_METRICS: Record<string, SurveyMetric> = {
  csat: { uses: ['csat_sum', 'csat_n', 'csat_rows'], value: (d) => ratio(d, 'csat_sum', 'csat_n'), present: 'csat_rows > 0' },
  nps: {
    uses: ['nps_n', 'nps_promoters', 'nps_detractors'],
    value: (d) => `${ratio(d, 'nps_promoters', 'nps_n')} * 100 - ${ratio(d, 'nps_detractors', 'nps_n')} * 100`,
    present: 'nps_n > 0',
  },
  feature_satisfaction: { uses: ['feature_n', 'feature_yes'], value: (d) => ratio(d, 'feature_yes', 'feature_n'), present: 'feature_n > 0' },
  support_response_satisfaction: { uses: ['response_n', 'response_yes'], value: (d) => ratio(d, 'response_yes', 'response_n'), present: 'response_n > 0' },
  support_resolution_rate: { uses: ['resolution_n', 'resolution_yes'], value: (d) => ratio(d, 'resolution_yes', 'resolution_n'), present: 'resolution_n > 0', share: 'resolution_n' },
  survey_response_rate: { uses: [], value: (d) => ratio(d, 'answered', 'qualified'), present: 'FALSE' },
};

const SURVEY_COLUMN: Record<string, string> = { persona: 'persona', feature: 'feature', answer: 'answer' };

export function surveysStatement({ d, plan, wants }: Family): string | null {
  const ids = Object.keys(SURVEY_METRICS).filter((id) => wants.has(id));
  if (ids.length === 0) return null;
  const { lo, hi } = span(plan.periods);
  const slice = slicer(d, plan.periods);
  const used = [...new Set(ids.flatMap((id) => SURVEY_METRICS[id]!.uses))];
  const inRange = (from: Date, to: Date) => `r.timestamp >= ${d.instant(from)} AND r.timestamp < ${d.instant(to)}`;
  const ctes = [periodsRelation(d, plan.periods)];
  const joins: string[] = [];
  const columns: string[] = [];
  if (used.length > 0) {
    ctes.push(`c AS (SELECT ${slice('r.timestamp')} AS s, ${used.map((n) => `${SURVEY_COLUMNS[n]} AS ${n}`).join(', ')}
      FROM survey_responses r WHERE ${inRange(lo, hi)} GROUP BY 1)`);
    ctes.push(`ck AS (SELECT p.k, ${used.map((n) => (n === 'csat_sum' ? `SUM(c.${n}) AS ${n}` : `COALESCE(SUM(c.${n}), 0) AS ${n}`)).join(', ')}
      FROM p LEFT JOIN c ON c.s >= p.lo AND c.s < p.hi GROUP BY p.k)`);
    joins.push('LEFT JOIN ck ON ck.k = p.k');
    columns.push(...used.map((n) => `ck.${n}`));
  }
  if (wanted(wants, 'survey_response_rate')) {
    ctes.push(`q AS (SELECT session_hash, t10 FROM (
        SELECT session_hash, timestamp AS t10, ROW_NUMBER() OVER (PARTITION BY session_hash ORDER BY timestamp) AS rn
        FROM telemetry_events WHERE event_type = 'COMMAND_EXECUTED' AND ${d.isTrue('success')} AND timestamp < ${d.instant(hi)}) x WHERE rn = 10)`);
    ctes.push(`qk AS MATERIALIZED (SELECT p.k, p.lo, p.hi, q.session_hash FROM p JOIN q ON q.t10 < p.hi)`);
    ctes.push(`answered AS (SELECT DISTINCT p.k, r.session_hash FROM p JOIN survey_responses r ON ${inRange(lo, hi)} AND r.timestamp >= p.lo AND r.timestamp < p.hi)`);
    ctes.push(`rr AS (SELECT qk.k, COUNT(*) AS qualified, COUNT(a.session_hash) AS answered
      FROM qk LEFT JOIN answered a ON a.k = qk.k AND a.session_hash = qk.session_hash GROUP BY qk.k)`);
    joins.push('LEFT JOIN rr ON rr.k = p.k');
    columns.push('COALESCE(rr.qualified, 0) AS qualified', 'COALESCE(rr.answered, 0) AS answered');
  }
  ctes.push(`tk AS MATERIALIZED (SELECT p.k${columns.map((c) => `, ${c}`).join('')} FROM p ${joins.join(' ')})`);
  const rows = ids.map((id) => valueRows(d, id, SURVEY_METRICS[id]!.value(d), 'tk'));

  for (const dim of dimsOf(wants, ids)) {
    const column = SURVEY_COLUMN[dim];
    if (!column) throw new Error(`hand SQL: no survey column for segment "${dim}"`);
    const splitIds = ids.filter((id) => wants.get(id)!.has(dim));
    const splitUsed = [...new Set(splitIds.flatMap((id) => SURVEY_METRICS[id]!.uses))];
    ctes.push(`s_${column} AS MATERIALIZED (SELECT CAST(r.${column} AS TEXT) AS seg, ${splitUsed.map((n) => `${SURVEY_COLUMNS[n]} AS ${n}`).join(', ')}
      FROM survey_responses r WHERE ${inRange(plan.window.from, plan.window.to)} AND r.${column} IS NOT NULL GROUP BY r.${column})`);
    for (const id of splitIds) {
      const metric = SURVEY_METRICS[id]!;
      const value = metric.share ? ratio(d, metric.share, `SUM(${metric.share}) OVER ()`) : metric.value(d);
      rows.push(splitRows(d, id, dim, value, `s_${column}`, metric.present));
    }
  }
  return statement(ctes, rows);
}
