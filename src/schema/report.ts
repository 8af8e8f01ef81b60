/** The weekly report (the seed's weekly metrics email), as data and rendered. */
import { builder, type Context } from '../builder.js';
import { apiError } from '../errors.js';
import { buildWeeklyReport, WeekError, type ActionItem, type ReportLine, type WeeklyReport } from '../report/weekly-report.js';
import { registry } from '../registry/catalogue.js';
import { AlertSeverityRef } from './enums.js';
import { evaluatorOf, WindowRef } from './metrics.js';

const BreakdownRef = builder.objectRef<{ key: string; value: number | null }>('ReportBreakdown').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeFloat('value', { nullable: true }) }),
});

const ReportLineRef = builder.objectRef<ReportLine>('ReportLine').implement({
  fields: (t) => ({
    metric: t.exposeString('metric'),
    label: t.exposeString('label'),
    value: t.exposeFloat('value', { nullable: true }),
    previousValue: t.exposeFloat('previousValue', { nullable: true }),
    change: t.exposeFloat('change', { nullable: true }),
    changeUnit: t.exposeString('changeUnit'),
    status: t.exposeString('status'),
    marker: t.exposeString('marker', { description: '✅ target met, ⚠️ missed or an alert rule fails, empty otherwise.' }),
    breakdown: t.field({ type: [BreakdownRef], resolve: (l) => l.breakdown }),
    cohortWindow: t.field({
      type: WindowRef,
      nullable: true,
      description: "For a cohort metric, the cohort reported: the latest one whose look-forward period is over by the week's end.",
      resolve: (l) => l.cohortWindow,
    }),
    text: t.exposeString('text'),
  }),
});

const SectionRef = builder.objectRef<WeeklyReport['sections'][number]>('ReportSection').implement({
  fields: (t) => ({ title: t.exposeString('title'), lines: t.field({ type: [ReportLineRef], resolve: (s) => s.lines }) }),
});

const ActionItemRef = builder.objectRef<ActionItem>('ReportActionItem').implement({
  fields: (t) => ({ ruleId: t.exposeString('ruleId'), severity: t.field({ type: AlertSeverityRef, resolve: (item) => item.severity }), message: t.exposeString('message') }),
});

const WeeklyReportRef = builder.objectRef<WeeklyReport>('WeeklyReport').implement({
  fields: (t) => ({
    week: t.exposeString('week'),
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    sections: t.field({ type: [SectionRef], resolve: (r) => r.sections }),
    actionItems: t.field({ type: [ActionItemRef], resolve: (r) => r.actionItems }),
    markdown: t.exposeString('markdown'),
    text: t.exposeString('text'),
  }),
});

builder.queryFields((t) => ({
  weeklyReport: t.field({
    type: WeeklyReportRef,
    description: 'The weekly metrics report for an ISO week such as "2026-W02".',
    args: { week: t.arg.string() },
    resolve: async (_root, args, context: Context) => {
      try {
        return await buildWeeklyReport(evaluatorOf(context), registry, args.week);
      } catch (error) {
        if (error instanceof WeekError) throw apiError('INVALID_WEEK', error.message, { cause: error });
        throw error;
      }
    },
  }),
}));
