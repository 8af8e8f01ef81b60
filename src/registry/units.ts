/**
 * What a metric's number means and which way is better. Apart from define-metric.ts so that the
 * formatter (src/format/format.ts), which the web page bundles, can name them without importing
 * anything server-side. The GraphQL enums MetricUnit and Direction are built from these lists.
 */

/** Each unit, what a value in it is, and how the formatter shows it. */
export const UNIT_DESCRIPTIONS = {
  count: 'A number of things (users, events, stars), or a mean or rate of them: "1,234", "4.23".',
  ratio: 'A fraction from 0 to 1, shown as a percentage: 0.615 is "61.5 %"; its change is in percentage points.',
  percent: 'A value already in percent (CPU use, which may pass 100 on several cores): 42.5 is "42.5 %".',
  score: 'A survey score (CSAT 1–5, NPS −100 to 100): "4.23"; its change is in points.',
  milliseconds: 'A duration in milliseconds: "420 ms".',
  seconds: 'A duration in seconds: "45.2 s".',
  minutes: 'A duration in minutes: "12.5 min".',
  megabytes: 'A size in megabytes (memory, a binary): "512 MB".',
  usd: 'An amount of money in US dollars (not cents): "$5,000", "$4.50".',
} as const;

export type Unit = keyof typeof UNIT_DESCRIPTIONS;
export const UNITS = Object.keys(UNIT_DESCRIPTIONS) as [Unit, ...Unit[]];

export const DIRECTIONS = ['higher', 'lower'] as const;
/** Which way is better: a higher value or a lower one. */
export type Direction = (typeof DIRECTIONS)[number];
