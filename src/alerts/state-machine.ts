/**
 * INACTIVE → PENDING → FIRING → RESOLVED, as in Prometheus: a failing evaluation starts PENDING and
 * fires after `for` consecutive ones; a firing rule keeps firing for `keepFiringFor` passing
 * evaluations before it resolves. A skipped evaluation (no judgement) changes nothing.
 */
export type AlertStateName = 'INACTIVE' | 'PENDING' | 'FIRING' | 'RESOLVED';
export type Outcome = 'failing' | 'passing' | 'skip';

export interface RuleState {
  state: AlertStateName;
  failingCount: number;
  passingCount: number;
}

export const INITIAL_STATE: RuleState = { state: 'INACTIVE', failingCount: 0, passingCount: 0 };

export function nextState(current: RuleState, outcome: Outcome, options: { for: number; keepFiringFor: number }): RuleState {
  if (outcome === 'skip') return current;
  if (outcome === 'failing') {
    const failingCount = current.state === 'FIRING' ? current.failingCount : current.failingCount + 1;
    const fires = current.state === 'FIRING' || failingCount >= options.for;
    return { state: fires ? 'FIRING' : 'PENDING', failingCount, passingCount: 0 };
  }
  if (current.state === 'FIRING') {
    const passingCount = current.passingCount + 1;
    return passingCount > options.keepFiringFor
      ? { state: 'RESOLVED', failingCount: 0, passingCount: 0 }
      : { state: 'FIRING', failingCount: current.failingCount, passingCount };
  }
  return { state: current.state === 'RESOLVED' ? 'RESOLVED' : 'INACTIVE', failingCount: 0, passingCount: 0 };
}
