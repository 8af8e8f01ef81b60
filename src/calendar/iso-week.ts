/**
 * Calendar windows people pick: ISO weeks (`2026-W06`, Monday 00:00 UTC to the next Monday) and
 * calendar months (`2026-03`). Pure functions, shared by the weekly report and the web page.
 */
import type { TimeWindow } from '../query-engine/window.js';

const DAY_MS = 86_400_000;

/** A week or month that is not one. */
export class WeekError extends Error {}

/** `2026-W02` → Monday 2026-01-05 00:00 UTC to the next Monday. ISO week 1 holds January 4th. */
export function parseIsoWeek(week: string): TimeWindow {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new WeekError(`"${week}" is not an ISO week such as 2026-W02`);
  const [year, number] = [Number(match[1]), Number(match[2])];
  const jan4 = Date.UTC(year, 0, 4);
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const from = new Date(week1Monday + (number - 1) * 7 * DAY_MS);
  const weeksInYear = isoWeekOf(new Date(Date.UTC(year, 11, 28))).number;
  if (number < 1 || number > weeksInYear) throw new WeekError(`${year} has weeks 01 to ${weeksInYear}`);
  return { from, to: new Date(from.getTime() + 7 * DAY_MS) };
}

/** The ISO week holding `instant`: the week of its Thursday. */
export function isoWeekOf(instant: Date): { year: number; number: number; label: string } {
  const thursdayOf = (t: number) => {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  };
  const thursday = thursdayOf(instant.getTime());
  const year = new Date(thursday).getUTCFullYear();
  const number = 1 + Math.round((thursday - thursdayOf(Date.UTC(year, 0, 4))) / (7 * DAY_MS));
  return { year, number, label: `${year}-W${String(number).padStart(2, '0')}` };
}

/** The last ISO week that has ended by `now`. */
export function lastCompleteWeek(now: Date): string {
  return isoWeekOf(new Date(now.getTime() - 7 * DAY_MS)).label;
}

/** `2026-03` → 1 March 2026 00:00 UTC to 1 April. */
export function parseMonth(month: string): TimeWindow {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const index = match ? Number(match[2]) - 1 : -1;
  if (!match || index < 0 || index > 11) throw new WeekError(`"${month}" is not a month such as 2026-03`);
  const year = Number(match[1]);
  return { from: new Date(Date.UTC(year, index, 1)), to: new Date(Date.UTC(year, index + 1, 1)) };
}
