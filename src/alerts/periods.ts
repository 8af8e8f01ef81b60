/**
 * Rules judge complete periods only: at any moment, a rule looks at the last hour, UTC day, ISO week
 * or calendar month that has fully ended, never at a partial one.
 */
import type { Cadence } from '../registry/define-metric.js';
import { bucketStart, type TimeWindow } from '../query-engine/window.js';

const HOUR_MS = 3_600_000;

function startOfPeriod(instant: Date, cadence: Cadence): Date {
  if (cadence === 'hourly') return new Date(Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS);
  return bucketStart(instant, cadence === 'daily' ? 'DAY' : cadence === 'weekly' ? 'WEEK' : 'MONTH');
}

/** The last complete period before `at`. */
export function lastCompletePeriod(at: Date, cadence: Cadence): TimeWindow {
  const to = startOfPeriod(at, cadence);
  return { from: startOfPeriod(new Date(to.getTime() - 1), cadence), to };
}

/** The complete period just before `period` (the previous week, the previous month…). */
export function periodBefore(period: TimeWindow, cadence: Cadence): TimeWindow {
  return lastCompletePeriod(period.from, cadence);
}
