/** The retention table: cohorts as rows, the share of each active in each period after first seen as columns. */
import { builder } from '../builder.js';
import { apiError } from '../errors.js';
import { retentionTable, type RetentionRow } from '../query-engine/cohorts.js';
import { resolveWindow } from '../query-engine/window.js';
import { registry } from '../registry/catalogue.js';
import type { CohortFormula } from '../registry/define-metric.js';
import { EventTypeRef } from './ingestion.js';
import { evaluatorOf, orQueryError, TimeWindowInputRef } from './metrics.js';

const MAX_PERIODS = 52;

const RetentionRowRef = builder.objectRef<RetentionRow>('RetentionRow').implement({
  description: 'One cohort: the sessions first seen in [start, end).',
  fields: (t) => ({
    start: t.expose('start', { type: 'DateTime' }),
    end: t.expose('end', { type: 'DateTime' }),
    size: t.exposeInt('size', { description: 'Sessions in the cohort.' }),
    periods: t.field({
      type: ['Float'],
      nullable: { list: false, items: true },
      description:
        'Per period after first seen (period 0 is the first day or week from each session\'s first-seen time): the share of the ' +
        'cohort that met the condition in it, 0 to 1; null while the period is not over for every member, or for an empty cohort.',
      resolve: (row) => row.periods,
    }),
  }),
});

const RetentionGranularityRef = builder.enumType('RetentionGranularity', {
  values: ['DAY', 'WEEK'] as const,
  description: 'Cohorts by UTC day or ISO week; periods of a day or of 7 days after each session\'s first-seen time.',
});

const RetentionConditionRef = builder.inputType('RetentionConditionInput', {
  description: 'What counts as retained in a period: an event of this type (default COMMAND_EXECUTED), successful only if asked.',
  fields: (t) => ({
    eventType: t.field({ type: EventTypeRef, required: false }),
    successful: t.boolean({ required: false }),
  }),
});

builder.queryFields((t) => ({
  retentionTable: t.field({
    type: [RetentionRowRef],
    description:
      'Cohorts of the sessions first seen in `cohorts` (default: the last 8 weeks), by day or week, and the share of each active in ' +
      'each of `periods` periods after first seen. The condition is a cohort metric\'s own (`metric: "retention_w1"`) or `condition`.',
    args: {
      metric: t.arg.id({ required: false }),
      condition: t.arg({ type: RetentionConditionRef, required: false }),
      cohorts: t.arg({ type: TimeWindowInputRef, required: false }),
      granularity: t.arg({ type: RetentionGranularityRef, required: false, defaultValue: 'WEEK' }),
      periods: t.arg.int({ required: false, defaultValue: 8 }),
    },
    resolve: (_root, args, context) => {
      const evaluator = evaluatorOf(context);
      const granularity = args.granularity ?? 'WEEK';
      const periods = args.periods ?? 8;
      if (!Number.isInteger(periods) || periods < 1 || periods > MAX_PERIODS)
        throw apiError('INVALID_RETENTION_TABLE', `periods is from 1 to ${MAX_PERIODS}`);
      if (args.metric && args.condition) throw apiError('INVALID_RETENTION_TABLE', 'give a metric or a condition, not both');
      let condition: CohortFormula['condition'] = {
        eventType: args.condition?.eventType ?? 'COMMAND_EXECUTED',
        ...(args.condition?.successful ? { where: { success: true } } : {}),
      };
      if (args.metric) {
        const metric = registry.get(String(args.metric));
        if (!metric) throw apiError('METRIC_NOT_FOUND', `no metric "${args.metric}"`);
        if (metric.formula.kind !== 'cohort') throw apiError('INVALID_RETENTION_TABLE', `${metric.id} is not a cohort metric (a retention or activation rate)`);
        condition = metric.formula.condition;
      }
      const cohorts = orQueryError(() => resolveWindow(args.cohorts ?? { last: granularity === 'DAY' ? 'P14D' : 'P56D' }, evaluator.now));
      return orQueryError(() => retentionTable(evaluator, { condition, cohorts, granularity, periods }));
    },
  }),
}));
