/**
 * The seed's "Weekly Metrics Email" for one ISO week: headline metrics by section with their value,
 * change against the previous week (percent for counts, percentage points for rates), ✅ where the
 * target is met and ⚠️ where it is missed or an alert rule fails, then action items from the failing
 * rules. Rules are judged over the report's week itself (not read from alert state), so a report for
 * a past week is reproducible.
 */
import { judgeRule, type Judgement } from '../alerts/judge.js';
import { describeCondition, rulesOf, type ResolvedRule } from '../alerts/rules.js';
import type { Evaluator } from '../query-engine/evaluate.js';
import { parseIsoWeek } from '../calendar/iso-week.js';
import { cohortWindowOf } from '../query-engine/cohorts.js';
import { computeSegments, computeSnapshot, type ChangeUnit } from '../query-engine/metric-result.js';
import { formatChange, formatValue, formatWindow, type ChangeInput } from '../format/format.js';
import type { TargetStatus } from '../query-engine/targets.js';
import type { Severity, Unit } from '../registry/define-metric.js';
import type { Registry } from '../registry/registry.js';

/** What the report shows, in its order: [section, [metric id, label]]. */
export const REPORT_LAYOUT = [
  ['North Star Metric', [['wau_high_satisfaction', 'WAU with High Satisfaction']]],
  ['Growth', [['new_users', 'New Users'], ['retention_w1', 'Week 1 Retention'], ['retention_w4', 'Week 4 Retention']]],
  ['Engagement', [['commands_generated_per_user', 'Commands/User/Week'], ['execution_rate', 'Execution Rate'], ['backend_share', 'Backend']]],
  ['Quality', [['first_attempt_success_rate', 'Success Rate'], ['latency_p95', 'P95 Latency'], ['error_rate', 'Error Rate']]],
  ['Satisfaction', [['nps', 'NPS'], ['csat', 'CSAT']]],
] as const;

/** Metrics whose line lists their split instead of a single value. */
const BREAKDOWN_OF: Record<string, string> = { backend_share: 'backend' };

export type Marker = '✅' | '⚠️' | '';

export interface ReportLine {
  metric: string;
  label: string;
  value: number | null;
  previousValue: number | null;
  change: number | null;
  changeUnit: ChangeUnit;
  status: TargetStatus;
  marker: Marker;
  breakdown: { key: string; value: number | null }[];
  /** For a cohort metric, the window of the cohort reported (the latest one over by the week's end); else null. */
  cohortWindow: { from: Date; to: Date } | null;
  /** The line as printed, without its marker. */
  text: string;
}

export interface ActionItem {
  ruleId: string;
  severity: Severity;
  message: string;
}

export interface WeeklyReport {
  week: string;
  from: Date;
  to: Date;
  sections: { title: string; lines: ReportLine[] }[];
  actionItems: ActionItem[];
  markdown: string;
  text: string;
}

export { isoWeekOf, parseIsoWeek, WeekError } from '../calendar/iso-week.js';

/** "+50 % WoW" for percent changes as the seed's email words them; "−33.3 pp", "no change" otherwise. */
function changeText(unit: Unit, snapshot: ChangeInput): string {
  const text = formatChange(unit, snapshot);
  return snapshot.changeUnit === 'PERCENT' && /^[+\u2212]/.test(text) ? `${text} WoW` : text;
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export async function buildWeeklyReport(evaluator: Evaluator, registry: Registry, week: string): Promise<WeeklyReport> {
  const window = parseIsoWeek(week);
  // Every rule judged over the report week, with week-over-week comparisons.
  const rules = rulesOf(registry).map((rule) => ({ ...rule, cadence: 'weekly' as const }));
  const judgements = await Promise.all(rules.map((rule) => judgeRule(evaluator, rule, window)));
  const failing = rules.flatMap((rule, i) => (judgements[i]!.outcome === 'failing' ? [{ rule, judgement: judgements[i]! }] : []));

  const sections = await Promise.all(
    REPORT_LAYOUT.map(async ([title, entries]) => ({
      title,
      lines: await Promise.all(
        entries.map(async ([metricId, label]): Promise<ReportLine> => {
          const metric = registry.get(metricId);
          if (!metric) throw new Error(`the weekly report needs the metric ${metricId}`);
          const by = BREAKDOWN_OF[metricId];
          // A cohort metric reports the latest cohort that is over by the week's end (METRICS.md §3).
          const cohortWindow = cohortWindowOf(metric.formula, registry.formulaOf, window, 'LATEST_FINISHED');
          const computed = cohortWindow ?? window;
          const [snapshot, segments] = await Promise.all([
            computeSnapshot(evaluator, metric, computed),
            by ? computeSegments(evaluator, metric, computed, by) : Promise.resolve([]),
          ]);
          const alerting = failing.some((f) => f.rule.metric.id === metricId);
          const missed = snapshot.status === 'MISSED' || snapshot.status === 'AT_RISK';
          const marker: Marker = alerting || missed ? '⚠️' : snapshot.status === 'MET' ? '✅' : '';
          const breakdown = segments.map((s) => ({ key: s.key, value: s.value })).sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
          const text = by
            ? `${label}: ${breakdown.length ? breakdown.map((s) => `${formatValue(metric.unit, s.value)} ${s.key.toLowerCase()}`).join(', ') : 'no data'}`
            : `${label}: ${formatValue(metric.unit, snapshot.value)} (${changeText(metric.unit, snapshot)})`;
          const cohortLabel = cohortWindow ? `, cohort of ${formatWindow(cohortWindow)}` : '';
          return { metric: metricId, label, ...snapshot, marker, breakdown, cohortWindow, text: cohortLabel ? text.replace(/\)$/, `${cohortLabel})`) : text };
        }),
      ),
    })),
  );

  const actionItems = failing
    .map(({ rule, judgement }) => ({ ruleId: rule.id, severity: rule.rule.severity, message: actionOf(rule, judgement) }))
    .sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || a.ruleId.localeCompare(b.ruleId));

  const report = { week, from: window.from, to: window.to, sections, actionItems };
  return { ...report, markdown: renderMarkdown(report), text: renderText(report) };
}

/** "Investigate Error rate: 33% (above 5%)", in the metric's own units. */
function actionOf({ rule, metric }: ResolvedRule, judgement: Judgement): string {
  const format = (value: number | null) => formatValue(metric.unit, value);
  const scope = rule.scope ? ` (${rule.scope.segment} ${rule.scope.value})` : '';
  const what = `Investigate ${metric.title}${scope}: ${format(judgement.value)}`;
  switch (rule.kind) {
    case 'threshold':
      return `${what} (${describeCondition(rule, metric.unit)})`;
    case 'change':
      return `${what}, ${rule.drop !== undefined ? 'down' : 'up'} from ${format(judgement.previousValue)}`;
    case 'targetMissed':
      return `${what}, missing its target`;
  }
}

type ReportData = Omit<WeeklyReport, 'markdown' | 'text'>;

function weekOf(report: ReportData): string {
  const day = report.from.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  return `Caro Weekly Metrics - Week of ${day} (${report.week})`;
}

const lineWithMarker = (line: ReportLine) => (line.marker ? `${line.text} ${line.marker}` : line.text);

export function renderMarkdown(report: ReportData): string {
  const out = [`# ${weekOf(report)}`, ''];
  for (const section of report.sections) {
    out.push(`## ${section.title}`);
    out.push(...section.lines.map((line) => (section.lines.length === 1 && section.title.startsWith('North') ? lineWithMarker(line) : `- ${lineWithMarker(line)}`)));
    out.push('');
  }
  out.push('## Action Items');
  out.push(...(report.actionItems.length ? report.actionItems.map((item, i) => `${i + 1}. ${item.message} (${item.severity})`) : ['None: no alert rule failed this week.']));
  return `${out.join('\n')}\n`;
}

export function renderText(report: ReportData): string {
  const out = [weekOf(report), ''];
  for (const section of report.sections) {
    out.push(section.title.toUpperCase());
    out.push(...section.lines.map((line) => `  ${lineWithMarker(line)}`));
    out.push('');
  }
  out.push('ACTION ITEMS');
  out.push(...(report.actionItems.length ? report.actionItems.map((item, i) => `  ${i + 1}. ${item.message} (${item.severity})`) : ['  None: no alert rule failed this week.']));
  return `${out.join('\n')}\n`;
}
