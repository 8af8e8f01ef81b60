/**
 * The records with no session: safety audit verdicts (counts per slice, rolled up), gauges and
 * subscriptions (a state that holds from one record until the next of the same gauge or account:
 * LEAD gives each record its interval, and a period reads the record whose interval holds its end).
 * One statement each.
 */
import { countIf, periodsRelation, ratio, slicer, span, splitRows, statement, valueRows, WINDOW, type Family } from './plan.js';

const AUDIT_COLUMNS: Record<string, string> = {
  tp: countIf(`a.verdict = 'TRUE_POSITIVE'`),
  tp_fn: countIf(`a.verdict IN ('TRUE_POSITIVE', 'FALSE_NEGATIVE')`),
  blocked: countIf(`a.event_type = 'VALIDATION_BLOCKED'`),
  blocked_fp: countIf(`a.event_type = 'VALIDATION_BLOCKED' AND a.verdict = 'FALSE_POSITIVE'`),
};

export const AUDIT_METRICS: Record<string, { num: string; den: string }> = {
  safety_true_positive_rate: { num: 'tp', den: 'tp_fn' },
  safety_false_positive_rate: { num: 'blocked_fp', den: 'blocked' },
};

export function auditsStatement({ d, plan, wants }: Family): string | null {
  const ids = Object.keys(AUDIT_METRICS).filter((id) => wants.has(id));
  if (ids.length === 0) return null;
  const { lo, hi } = span(plan.periods);
  const used = [...new Set(ids.flatMap((id) => [AUDIT_METRICS[id]!.num, AUDIT_METRICS[id]!.den]))];
  const aggregates = used.map((n) => `${AUDIT_COLUMNS[n]} AS ${n}`).join(', ');
  const inRange = (from: Date, to: Date) => `a.audited_at >= ${d.instant(from)} AND a.audited_at < ${d.instant(to)}`;
  const ctes = [
    periodsRelation(d, plan.periods),
    `c AS (SELECT ${slicer(d, plan.periods)('a.audited_at')} AS s, ${aggregates} FROM safety_audits a WHERE ${inRange(lo, hi)} GROUP BY 1)`,
    `tk AS MATERIALIZED (SELECT p.k, ${used.map((n) => `COALESCE(SUM(c.${n}), 0) AS ${n}`).join(', ')} FROM p LEFT JOIN c ON c.s >= p.lo AND c.s < p.hi GROUP BY p.k)`,
  ];
  const rows = ids.map((id) => valueRows(d, id, ratio(d, AUDIT_METRICS[id]!.num, AUDIT_METRICS[id]!.den), 'tk'));
  const splitIds = ids.filter((id) => wants.get(id)!.size > 0);
  for (const id of splitIds) {
    if ([...wants.get(id)!].some((dim) => dim !== 'validationSeverity')) throw new Error(`hand SQL: ${id} splits by validationSeverity only`);
  }
  if (splitIds.length > 0) {
    ctes.push(`s_severity AS MATERIALIZED (SELECT CAST(a.validation_severity AS TEXT) AS seg, ${aggregates}
      FROM safety_audits a WHERE ${inRange(plan.window.from, plan.window.to)} AND a.validation_severity IS NOT NULL GROUP BY a.validation_severity)`);
    for (const id of splitIds) {
      const { num, den } = AUDIT_METRICS[id]!;
      rows.push(splitRows(d, id, 'validationSeverity', ratio(d, num, den), 's_severity', `${num} + ${den} > 0`));
    }
  }
  return statement(ctes, rows);
}

export const GAUGE_METRICS: Record<string, string> = {
  github_stars: 'github.stars',
  github_forks: 'github.forks',
  github_contributors_month: 'github.contributors_month',
  github_prs_merged: 'github.prs_merged',
  github_issues_open: 'github.issues_open',
  discord_members: 'discord.members',
  discord_active_7d: 'discord.active_7d',
  discord_messages_day: 'discord.messages_day',
  discord_first_response_minutes: 'discord.first_response_minutes',
  binary_size_mb: 'release.binary_size_mb',
  downloads_total: 'downloads.total',
  content_blog_views: 'content.blog_views',
};

/** Each gauge's latest observation before each period's end (one exactly at the end belongs to the next). */
export function gaugesStatement({ d, plan, wants }: Family): string | null {
  const ids = Object.keys(GAUGE_METRICS).filter((id) => wants.has(id));
  if (ids.length === 0) return null;
  const names = ids.map((id) => {
    const [source, name] = GAUGE_METRICS[id]!.split('.') as [string, string];
    return `('${id}', '${source}', '${name}')`;
  });
  const { hi } = span(plan.periods);
  const ctes = [
    periodsRelation(d, plan.periods),
    `m(id, source, name) AS (VALUES ${names.join(', ')})`,
    `g AS (SELECT o.source, o.name, o.value, o.observed_at AS t0,
        LEAD(o.observed_at) OVER (PARTITION BY o.source, o.name ORDER BY o.observed_at) AS t1
      FROM gauge_observations o JOIN m ON m.source = o.source AND m.name = o.name WHERE o.observed_at < ${d.instant(hi)})`,
  ];
  const rows = [
    `SELECT m.id AS m, CAST(NULL AS TEXT) AS d, p.k, CAST(NULL AS TEXT) AS seg, ${d.real('g.value')} AS v
     FROM p CROSS JOIN m LEFT JOIN g ON g.source = m.source AND g.name = m.name AND g.t0 < p.hi AND (g.t1 IS NULL OR g.t1 >= p.hi)`,
  ];
  return statement(ctes, rows);
}

export const SUBSCRIPTION_METRICS = ['mrr', 'arpu', 'conversion_rate', 'tier_share', 'churn_rate'] as const;

export function subscriptionsStatement({ d, plan, wants }: Family): string | null {
  const ids = SUBSCRIPTION_METRICS.filter((id) => wants.has(id));
  if (ids.length === 0) return null;
  const { hi } = span(plan.periods);
  const holds = (at: string) => `s.t0 < ${at} AND (s.t1 IS NULL OR s.t1 >= ${at}) AND s.kind <> 'CANCELLED'`;
  const cancelled = `EXISTS (SELECT 1 FROM subscription_events x WHERE x.account_id = s.account_id AND x.kind = 'CANCELLED'
      AND x.timestamp >= p.lo AND x.timestamp < p.hi)`;
  const atEnd = `SUM(s.monthly_amount_cents) AS cents, COUNT(*) AS accounts, ${countIf(`s.tier <> 'FREE'`)} AS paying`;
  const atStart = `COUNT(*) AS paying_start, ${countIf(cancelled)} AS cancelled`;
  const ctes = [
    periodsRelation(d, plan.periods),
    // Each billing event holds from its time until the account's next one.
    `s AS MATERIALIZED (SELECT account_id, kind, tier, monthly_amount_cents, timestamp AS t0,
        LEAD(timestamp) OVER (PARTITION BY account_id ORDER BY timestamp, event_id) AS t1
      FROM subscription_events WHERE timestamp < ${d.instant(hi)})`,
    `e AS MATERIALIZED (SELECT p.k, s.tier, ${atEnd} FROM p JOIN s ON ${holds('p.hi')} GROUP BY p.k, s.tier)`,
    `b AS MATERIALIZED (SELECT p.k, s.tier, ${atStart} FROM p JOIN s ON ${holds('p.lo')} AND s.tier <> 'FREE' GROUP BY p.k, s.tier)`,
    `tk AS MATERIALIZED (SELECT p.k,
        COALESCE((SELECT SUM(cents) FROM e WHERE e.k = p.k), 0) / 100.0 AS mrr,
        COALESCE((SELECT SUM(accounts) FROM e WHERE e.k = p.k), 0) AS accounts,
        COALESCE((SELECT SUM(paying) FROM e WHERE e.k = p.k), 0) AS paying,
        COALESCE((SELECT SUM(paying_start) FROM b WHERE b.k = p.k), 0) AS paying_start,
        COALESCE((SELECT SUM(cancelled) FROM b WHERE b.k = p.k), 0) AS cancelled
      FROM p)`,
  ];
  const value: Record<(typeof SUBSCRIPTION_METRICS)[number], string> = {
    mrr: 'mrr',
    arpu: ratio(d, 'mrr', 'paying'),
    conversion_rate: ratio(d, 'paying', 'accounts'),
    tier_share: 'NULL',
    churn_rate: ratio(d, 'cancelled', 'paying_start'),
  };
  // By tier at the window's end (churn: at its start): the same groups as the values, one row each.
  const split: Record<(typeof SUBSCRIPTION_METRICS)[number], [string, 'e' | 'b']> = {
    mrr: ['COALESCE(cents, 0) / 100.0', 'e'],
    arpu: [ratio(d, 'COALESCE(cents, 0) / 100.0', 'paying'), 'e'],
    conversion_rate: [ratio(d, 'paying', 'accounts'), 'e'],
    tier_share: [ratio(d, 'accounts', 'SUM(accounts) OVER ()'), 'e'],
    churn_rate: [ratio(d, 'cancelled', 'paying_start'), 'b'],
  };
  const rows = ids.map((id) => valueRows(d, id, value[id], 'tk'));
  for (const id of ids) {
    for (const dim of wants.get(id)!) {
      if (dim !== 'tier') throw new Error(`hand SQL: ${id} splits by tier only`);
      const [expression, from] = split[id];
      rows.push(splitRows(d, id, dim, expression, `(SELECT tier AS seg, ${from}.* FROM ${from} WHERE k = ${WINDOW}) x`, 'TRUE'));
    }
  }
  return statement(ctes, rows);
}
