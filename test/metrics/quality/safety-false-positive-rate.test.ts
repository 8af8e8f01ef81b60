/** safety_false_positive_rate: FALSE_POSITIVE verdicts over audited VALIDATION_BLOCKED events, by audit time (a ratio: its change in points × 100). */
import { testMetric } from '../../support/metric-tester.js';
import { auditOf, ev, on, session as S, win } from '../../support/records.js';

const BLOCKED = 'VALIDATION_BLOCKED';
const EXEC = 'COMMAND_EXECUTED';
type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
const sev = (validationSeverity: Severity) => ({ validationSeverity });
const W = win('2026-01-12', '2026-01-19');

// Audits by audit time. Window [01-12, 01-19): CRITICAL blocked TP (event of 01-08) and TP, executed FN;
// HIGH blocked TP ×3, FP; MEDIUM blocked TP, FP, executed FN; one blocked event is not audited.
// Previous [01-05, 01-12): CRITICAL blocked TP. Week [01-19, 01-26): CRITICAL blocked FP.
const [b1, b2, e1] = [ev(S(), '2026-01-08', BLOCKED, sev('CRITICAL')), ev(S(), '2026-01-12', BLOCKED, sev('CRITICAL')), ev(S(), '2026-01-12', EXEC, sev('CRITICAL'))];
const high = on('2026-01-13', 4, (at) => ev(S(), at, BLOCKED, sev('HIGH')));
const [m1, m2] = on('2026-01-14', 2, (at) => ev(S(), at, BLOCKED, sev('MEDIUM')));
const e2 = ev(S(), '2026-01-14T05:00:00Z', EXEC, sev('MEDIUM'));
const [previous, later, unaudited] = [ev(S(), '2026-01-06', BLOCKED, sev('CRITICAL')), ev(S(), '2026-01-20', BLOCKED, sev('CRITICAL')), ev(S(), '2026-01-15', BLOCKED, sev('HIGH'))];

testMetric('safety_false_positive_rate', {
  records: {
    events: [b1, b2, e1, ...high, m1!, m2!, e2, previous, later, unaudited],
    audits: [
      auditOf(b1, '2026-01-13', 'TRUE_POSITIVE'), auditOf(b2, '2026-01-13T01:00:00Z', 'TRUE_POSITIVE'), auditOf(e1, '2026-01-14', 'FALSE_NEGATIVE'),
      ...high.map((event, i) => auditOf(event, '2026-01-15', i < 3 ? 'TRUE_POSITIVE' : 'FALSE_POSITIVE')),
      auditOf(m1!, '2026-01-16', 'TRUE_POSITIVE'), auditOf(m2!, '2026-01-16', 'FALSE_POSITIVE'), auditOf(e2, '2026-01-16', 'FALSE_NEGATIVE'),
      auditOf(previous, '2026-01-07', 'TRUE_POSITIVE'), auditOf(later, '2026-01-21', 'FALSE_POSITIVE'),
    ],
  },
  cases: [
    // FP 2 / 8 audited blocks (CRITICAL 2, HIGH 4, MEDIUM 2; executed ones and the unaudited block are
    // not counted) = 0.25 > 0.055: missed, attainment 0.05 / 0.25. Previous 0/1: +25 points.
    { name: 'value, change in points, target', window: W, snapshot: { value: 0.25, previousValue: 0, change: 25, status: 'MISSED', attainment: 0.2, sampleSize: 8 } },
    // CRITICAL 0/2; HIGH 1/4; MEDIUM 1/2.
    { name: 'by severity', window: W, segments: { by: 'validationSeverity', expected: { CRITICAL: [0, 'MET'], HIGH: [0.25, 'MISSED'], MEDIUM: [0.5, 'MISSED'] } } },
    { name: 'a false positive alone: 1', window: win('2026-01-19', '2026-01-26'), snapshot: { value: 1, status: 'MISSED' } },
    { name: 'no audit: no data', window: win('2025-06-02', '2025-06-09'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
