/**
 * Targets: which bound is in force for a window and segment, and how a value stands against it.
 */
import type { Direction, TargetBound, TargetSchedule, TargetSpec } from '../registry/define-metric.js';

export type TargetStatus = 'MET' | 'AT_RISK' | 'MISSED' | 'NO_TARGET' | 'NO_DATA';

/** A bound made explicit: `value` resolved by the metric's direction. */
export type ResolvedTarget =
  | { kind: 'AT_LEAST'; min: number; max: null }
  | { kind: 'AT_MOST'; min: null; max: number }
  | { kind: 'BETWEEN'; min: number; max: number }
  /** Judged on the change against the previous window, not on the value. */
  | { kind: 'CHANGE_AT_LEAST'; min: number; max: null };

export const DEFAULT_AT_RISK_TOLERANCE = 0.1;

function explicit(bound: TargetBound, direction: Direction): ResolvedTarget {
  if ('between' in bound) return { kind: 'BETWEEN', min: bound.between[0], max: bound.between[1] };
  if ('atLeast' in bound) return { kind: 'AT_LEAST', min: bound.atLeast, max: null };
  if ('atMost' in bound) return { kind: 'AT_MOST', min: null, max: bound.atMost };
  if ('changeAtLeast' in bound) return { kind: 'CHANGE_AT_LEAST', min: bound.changeAtLeast, max: null };
  return direction === 'higher' ? { kind: 'AT_LEAST', min: bound.value, max: null } : { kind: 'AT_MOST', min: null, max: bound.value };
}

/** The step of a schedule in force at the window's last instant (before `end`), if any. */
function inForce(spec: TargetBound | TargetSchedule, end: Date): TargetBound | null {
  if (!('schedule' in spec)) return spec;
  const steps = spec.schedule.filter((step) => Date.parse(`${step.from}T00:00:00Z`) < end.getTime());
  return steps.at(-1) ?? null;
}

/**
 * The target for a window ending at `end`, for the whole metric (`segment` null) or one segment
 * value. A per-segment target applies to its own segment value; `default` to the rest.
 */
export function resolveTarget(
  spec: TargetSpec | undefined,
  direction: Direction,
  end: Date,
  segment: { by: string; key: string } | null = null,
): ResolvedTarget | null {
  if (!spec) return null;
  let chosen: TargetBound | TargetSchedule | undefined;
  if ('bySegment' in spec) {
    // A dimension with targets of its own judges only the values it lists; `default` is for the rest.
    const values = segment ? spec.bySegment[segment.by] : undefined;
    chosen = values ? values[segment!.key] : spec.default;
  } else {
    chosen = spec;
  }
  const bound = chosen ? inForce(chosen, end) : null;
  return bound ? explicit(bound, direction) : null;
}

/**
 * Judges `value` (for CHANGE_AT_LEAST targets, pass the change).
 * MET inside the bound; AT_RISK when it misses by at most `tolerance` of the bound (inclusive);
 * MISSED beyond. Attainment is value / target, inverted for an upper bound.
 */
export function judge(
  value: number | null,
  target: ResolvedTarget | null,
  tolerance = DEFAULT_AT_RISK_TOLERANCE,
): { status: TargetStatus; attainment: number | null } {
  if (value === null) return { status: 'NO_DATA', attainment: null };
  if (!target) return { status: 'NO_TARGET', attainment: null };
  if (target.min !== null && value < target.min) {
    const atRisk = value >= target.min - Math.abs(target.min) * tolerance;
    return { status: atRisk ? 'AT_RISK' : 'MISSED', attainment: target.min === 0 ? null : value / target.min };
  }
  if (target.max !== null && value > target.max) {
    const atRisk = value <= target.max + Math.abs(target.max) * tolerance;
    return { status: atRisk ? 'AT_RISK' : 'MISSED', attainment: value === 0 ? null : target.max / value };
  }
  if (target.kind === 'BETWEEN') return { status: 'MET', attainment: 1 };
  const bound = target.kind === 'AT_MOST' ? target.max : target.min;
  const attainment = target.kind === 'AT_MOST' ? (value === 0 ? null : bound / value) : bound === 0 ? null : value / bound;
  return { status: 'MET', attainment };
}
