/**
 * The one formatter for numbers people read: GraphQL's `formatted` fields, alert messages, webhook
 * payloads, the weekly report and the web page (which bundles this very file, so it imports types
 * only and nothing from Node).
 *
 * @example
 * formatValue('ratio', 0.615)                                                   // "61.5 %"
 * formatChange('ratio', { value: 0.615, previousValue: 0.601, change: 1.4, changeUnit: 'POINTS' }) // "+1.4 pp"
 * formatValue('milliseconds', 420)                                              // "420 ms"
 * formatTarget('ratio', { kind: 'AT_LEAST', min: 0.6, max: null })              // "≥ 60 %"
 */
import type { Unit } from '../registry/units.js';

export type { Unit };
export type ChangeUnit = 'PERCENT' | 'POINTS';

/** What `formatChange` reads: the API's value, previousValue, change and changeUnit. */
export interface ChangeInput {
  value: number | null;
  previousValue: number | null;
  /** In percent (PERCENT) or in points (POINTS: percentage points for ratios). */
  change: number | null;
  changeUnit: ChangeUnit;
}

/** What `formatTarget` reads: the API's target (bounds in the metric's unit; CHANGE_AT_LEAST's in changeUnit). */
export interface TargetInput {
  kind: 'AT_LEAST' | 'AT_MOST' | 'BETWEEN' | 'CHANGE_AT_LEAST';
  min?: number | null;
  max?: number | null;
}

export const NO_DATA = 'no data';
export const NO_CHANGE = 'no change';
export const NO_TARGET = 'no target';
const MINUS = '\u2212';

const formatters = new Map<string, Intl.NumberFormat>();
/** en-US grouping, at most `decimals` fraction digits (at least `least`), never "-0". */
function number(value: number, decimals: number, least = 0): string {
  const key = `${least}:${decimals}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.NumberFormat('en-US', { minimumFractionDigits: least, maximumFractionDigits: decimals })));
  const text = format.format(Math.abs(value));
  return value < 0 && text !== '0' ? `${MINUS}${text}` : text;
}

/** Three significant digits or so: 1,234 · 123 · 12.3 · 1.23 · 0.12. */
const decimalsOf = (value: number) => (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);

/**
 * A value in its unit: "61.5 %" (ratio), "42.5 %" (percent), "420 ms", "45.2 s", "12.5 min", "512 MB",
 * "$5,000", "4.23", "1,234"; null is "no data".
 */
export function formatValue(unit: Unit, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NO_DATA;
  switch (unit) {
    case 'ratio':
      return `${number(value * 100, 1)} %`;
    case 'percent':
      return `${number(value, decimalsOf(value))} %`;
    case 'milliseconds':
      return `${number(value, decimalsOf(value))} ms`;
    case 'seconds':
      return `${number(value, decimalsOf(value))} s`;
    case 'minutes':
      return `${number(value, decimalsOf(value))} min`;
    case 'megabytes':
      return `${number(value, decimalsOf(value))} MB`;
    case 'usd': {
      const cents = Math.abs(value) >= 1000 ? 0 : 2;
      const text = number(value, cents, cents);
      return text.startsWith(MINUS) ? `${MINUS}$${text.slice(1)}` : `$${text}`;
    }
    case 'score':
    case 'count':
      return number(value, decimalsOf(value));
  }
}

/**
 * An amount of change without its sign: "7 %" (PERCENT), "1.4 pp" (POINTS of a ratio: percentage
 * points), "0.3 pts" (POINTS of a score). Alert rules' change thresholds use it too.
 */
export function formatChangeAmount(unit: Unit, changeUnit: ChangeUnit, amount: number): string {
  const magnitude = Math.abs(amount);
  const text = number(magnitude, changeDecimals(unit, changeUnit, magnitude));
  if (changeUnit === 'PERCENT') return `${text} %`;
  return unit === 'ratio' ? `${text} pp` : `${text} pts`;
}

function changeDecimals(unit: Unit, changeUnit: ChangeUnit, magnitude: number): number {
  if (changeUnit === 'PERCENT') return magnitude >= 10 ? 0 : 1;
  return unit === 'ratio' ? 1 : decimalsOf(magnitude);
}

/**
 * The change against the previous period: "+1.4 pp", "−7 %", "+0.3 pts"; "no change" when it rounds
 * to nothing; "up from 0" where a percent change cannot be had; "no previous data" without one.
 */
export function formatChange(unit: Unit, input: ChangeInput): string {
  const { value, previousValue, change, changeUnit } = input;
  if (previousValue === null) return 'no previous data';
  if (value === null) return `was ${formatValue(unit, previousValue)}`;
  if (change === null) {
    if (value === previousValue) return NO_CHANGE;
    return `${value > previousValue ? 'up' : 'down'} from ${formatValue(unit, previousValue)}`;
  }
  const decimals = changeDecimals(unit, changeUnit, Math.abs(change));
  if (Number(Math.abs(change).toFixed(decimals)) === 0) return NO_CHANGE;
  return `${change > 0 ? '+' : MINUS}${formatChangeAmount(unit, changeUnit, change)}`;
}

/** The target in force: "≥ 60 %", "≤ 500 ms", "$3.00 – $5.00", "change ≥ +10 %"; null is "no target". */
export function formatTarget(unit: Unit, target: TargetInput | null, changeUnit: ChangeUnit = 'PERCENT'): string {
  if (!target) return NO_TARGET;
  const min = target.min ?? null;
  const max = target.max ?? null;
  switch (target.kind) {
    case 'AT_LEAST':
      return `≥ ${formatValue(unit, min)}`;
    case 'AT_MOST':
      return `≤ ${formatValue(unit, max)}`;
    case 'BETWEEN':
      return `${formatValue(unit, min)} – ${formatValue(unit, max)}`;
    case 'CHANGE_AT_LEAST':
      return min === null ? NO_TARGET : `change ≥ ${min < 0 ? MINUS : '+'}${formatChangeAmount(unit, changeUnit, min)}`;
  }
}

const DAY_MS = 86_400_000;
const isMidnight = (instant: Date) => instant.getTime() % DAY_MS === 0;
const day = (instant: Date) => instant.toISOString().slice(0, 10);
const minute = (instant: Date) => instant.toISOString().slice(0, 16).replace('T', ' ');

/**
 * A half-open UTC window in words: "2026-02-03" (one day), "2026-02-02 – 2026-02-08" (whole days,
 * both ends included), "2026-02-03 10:00 – 11:00 UTC" otherwise.
 */
export function formatWindow(window: { from: Date; to: Date }): string {
  const { from, to } = window;
  if (isMidnight(from) && isMidnight(to)) {
    const last = new Date(to.getTime() - DAY_MS);
    return last.getTime() <= from.getTime() ? day(from) : `${day(from)} – ${day(last)}`;
  }
  const end = day(from) === day(to) ? minute(to).slice(11) : minute(to);
  return `${minute(from)} – ${end} UTC`;
}
