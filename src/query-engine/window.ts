/**
 * Query windows: half-open `[from, to)` in UTC, their previous window of equal length, and series
 * buckets aligned to calendar boundaries (ISO weeks start on Monday).
 */
export interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface TimeWindowInput {
  from?: Date | null;
  to?: Date | null;
  /** ISO-8601 duration ending at `to` (or now): P7D, P1M, PT12H. */
  last?: string | null;
}

export type Granularity = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER';

export class WindowError extends Error {}

const DAY_MS = 86_400_000;
/** Longest window a query may span. */
export const MAX_WINDOW_DAYS = 2 * 366;
/** Most buckets a series may have: the longest window by day, cut at both ends. */
export const MAX_BUCKETS = MAX_WINDOW_DAYS + 1;

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The instant `duration` before `end`; months and years are calendar months and years (UTC). */
export function subtractDuration(end: Date, duration: string): Date {
  const match = DURATION.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) {
    throw new WindowError(`"${duration}" is not an ISO-8601 duration such as P7D, P1M or PT12H`);
  }
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((n) => Number(n ?? 0)) as number[];
  // Calendar months: one month before 31 March is the last day of February, not 3 March.
  const monthIndex = end.getUTCFullYear() * 12 + end.getUTCMonth() - years! * 12 - months!;
  const [year, month] = [Math.floor(monthIndex / 12), monthIndex % 12];
  const day = Math.min(end.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
  const start = Date.UTC(year, month, day) + (end.getTime() - Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()));
  return new Date(start - ((weeks! * 7 + days!) * DAY_MS + (hours! * 3600 + minutes! * 60 + seconds!) * 1000));
}

/** Resolves an input to a window; with nothing given, the last 7 days. */
export function resolveWindow(input: TimeWindowInput, now: Date): TimeWindow {
  if (input.from && input.last) throw new WindowError('give `from` or `last`, not both');
  const to = input.to ?? now;
  const from = input.from ?? subtractDuration(to, input.last ?? 'P7D');
  // A duration past the calendar's range (P1000000Y, PT99999999999H) gives no date at all.
  if (Number.isNaN(from.getTime())) throw new WindowError(`a window spans at most ${MAX_WINDOW_DAYS} days`);
  if (from.getTime() >= to.getTime()) {
    throw new WindowError(`the window is empty: from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new WindowError(`a window spans at most ${MAX_WINDOW_DAYS} days`);
  }
  return { from, to };
}

/** The window of equal length just before (WoW for a week, MoM for 30 days). */
export function previousWindow(window: TimeWindow): TimeWindow {
  const length = window.to.getTime() - window.from.getTime();
  return { from: new Date(window.from.getTime() - length), to: window.from };
}

export function windowDays(window: TimeWindow): number {
  return (window.to.getTime() - window.from.getTime()) / DAY_MS;
}

/** The start of the calendar bucket holding `instant`. */
export function bucketStart(instant: Date, granularity: Granularity): Date {
  const y = instant.getUTCFullYear();
  const m = instant.getUTCMonth();
  switch (granularity) {
    case 'DAY':
      return new Date(Date.UTC(y, m, instant.getUTCDate()));
    case 'WEEK': {
      const day = new Date(Date.UTC(y, m, instant.getUTCDate()));
      const sinceMonday = (day.getUTCDay() + 6) % 7;
      return new Date(day.getTime() - sinceMonday * DAY_MS);
    }
    case 'MONTH':
      return new Date(Date.UTC(y, m, 1));
    case 'QUARTER':
      return new Date(Date.UTC(y, m - (m % 3), 1));
  }
}

export function nextBucket(start: Date, granularity: Granularity): Date {
  switch (granularity) {
    case 'DAY':
      return new Date(start.getTime() + DAY_MS);
    case 'WEEK':
      return new Date(start.getTime() + 7 * DAY_MS);
    case 'MONTH':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    case 'QUARTER':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 1));
  }
}

export interface Bucket {
  /** The calendar bucket. */
  start: Date;
  end: Date;
  /** The part of it inside the query window, which is what is computed. */
  window: TimeWindow;
  /** Cut by the window's edges, or not yet over at `now`. */
  partial: boolean;
}

export function bucketsOf(window: TimeWindow, granularity: Granularity, now: Date): Bucket[] {
  const buckets: Bucket[] = [];
  for (let start = bucketStart(window.from, granularity); start < window.to; start = nextBucket(start, granularity)) {
    const end = nextBucket(start, granularity);
    const from = start < window.from ? window.from : start;
    const to = end > window.to ? window.to : end;
    buckets.push({ start, end, window: { from, to }, partial: from > start || to < end || end > now });
    if (buckets.length > MAX_BUCKETS) throw new WindowError(`a series has at most ${MAX_BUCKETS} buckets`);
  }
  return buckets;
}
