/**
 * The quality metrics not covered by shipped-metrics.test.ts (#4), RuleTester-style: fixture records
 * in, values per window and segment out, worked by hand in the comments. Each block has its own weeks
 * of 2026. `change`: percent for milliseconds, points × 100 for ratios.
 */
import { beforeAll } from 'vitest';
import { auditOf, loadAudits, metricCases, on } from '../support/catalogue-fixtures.js';
import { ev, loadFixture, session as S, win } from '../support/metric-fixtures.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const BLOCKED = 'VALIDATION_BLOCKED';
const OVERRIDE = 'SAFETY_OVERRIDE';
const FAILED = 'COMMAND_FAILED';
const NOTHING = win('2025-06-02', '2025-06-09');
const MAC = 'macos-aarch64';
const LINUX = 'linux-x86_64';
type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
const sev = (validationSeverity: Severity) => ({ validationSeverity });

// Safety audits (by audit time). Window [01-12, 01-19): CRITICAL blocked TP (event of 01-08) and TP,
// executed FN; HIGH blocked TP ×3, FP; MEDIUM blocked TP, FP, executed FN; one blocked event is not
// audited. Previous [01-05, 01-12): CRITICAL blocked TP. Week [01-19, 01-26): CRITICAL blocked FP.
const audited = {
  b1: ev(S(), '2026-01-08', BLOCKED, sev('CRITICAL')), b2: ev(S(), '2026-01-12', BLOCKED, sev('CRITICAL')),
  e1: ev(S(), '2026-01-12', EXEC, sev('CRITICAL')),
  high: on('2026-01-13', 4, (at) => ev(S(), at, BLOCKED, sev('HIGH'))),
  medium: on('2026-01-14', 2, (at) => ev(S(), at, BLOCKED, sev('MEDIUM'))), e2: ev(S(), '2026-01-14T05:00:00Z', EXEC, sev('MEDIUM')),
  previous: ev(S(), '2026-01-06', BLOCKED, sev('CRITICAL')), later: ev(S(), '2026-01-20', BLOCKED, sev('CRITICAL')),
};
const unaudited = ev(S(), '2026-01-15', BLOCKED, sev('HIGH'));

beforeAll(async () => {
  const { b1, b2, e1, high, medium, e2, previous, later } = audited;
  await loadFixture({
    events: [
      b1, b2, e1, ...high, ...medium, e2, previous, later, unaudited,
      // safety_override_rate. Window [02-02, 02-09): BLOCKED CRITICAL 4, HIGH 6; OVERRIDE HIGH 1.
      // Previous [01-26, 02-02): BLOCKED LOW 4, OVERRIDE LOW 2. Week [02-09, 02-16): one OVERRIDE, no block.
      ...on('2026-02-02', 4, (at) => ev(S(), at, BLOCKED, sev('CRITICAL'))), ...on('2026-02-03', 6, (at) => ev(S(), at, BLOCKED, sev('HIGH'))),
      ev(S(), '2026-02-04', OVERRIDE, sev('HIGH')),
      ...on('2026-01-27', 4, (at) => ev(S(), at, BLOCKED, sev('LOW'))), ...on('2026-01-28', 2, (at) => ev(S(), at, OVERRIDE, sev('LOW'))),
      ev(S(), '2026-02-10', OVERRIDE, sev('LOW')),
      // latency_p50, latency_p99. Window [03-02, 03-09), GEN: STATIC 40 60 80 120, EMBEDDED 200 400 600
      // 2 000; an EXEC of 5 000 does not count. Previous [02-23, 03-02): GEN 100 300.
      ...[40, 60, 80, 120].map((latencyMs, i) => ev(S(), `2026-03-02T0${i}:00:00Z`, GEN, { latencyMs })),
      ...[200, 400, 600, 2000].map((latencyMs, i) => ev(S(), `2026-03-03T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', latencyMs })),
      ev(S(), '2026-03-04', EXEC, { latencyMs: 5000 }),
      ev(S(), '2026-02-24', GEN, { latencyMs: 100 }), ev(S(), '2026-02-25', GEN, { latencyMs: 300 }),
      // inference_time_p50. Window [03-16, 03-23): smollm (EMBEDDED) 200 260 400, qwen (EMBEDDED) 500 700,
      // mlx-qwen (MLX) 20 40, and a GEN without inferenceMs. Previous [03-09, 03-16): 300, 500.
      ...[200, 260, 400].map((inferenceMs, i) => ev(S(), `2026-03-16T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', model: 'smollm', inferenceMs })),
      ...[500, 700].map((inferenceMs, i) => ev(S(), `2026-03-17T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', model: 'qwen', inferenceMs })),
      ...[20, 40].map((inferenceMs, i) => ev(S(), `2026-03-18T0${i}:00:00Z`, GEN, { backend: 'MLX', model: 'mlx-qwen', inferenceMs })),
      ev(S(), '2026-03-19', GEN),
      ev(S(), '2026-03-10', GEN, { model: 'smollm', inferenceMs: 300 }), ev(S(), '2026-03-11', EXEC, { model: 'smollm', inferenceMs: 500 }),
      // error_rate. Window [04-06, 04-13): GEN linux 50, macos 50; FAILED timeout (linux), parse_error
      // (macos), timeout (macos). Previous [03-30, 04-06): GEN 50, no failure. Week [04-13, 04-20): a FAILED only.
      ...on('2026-04-06', 50, (at) => ev(S(), at, GEN)), ...on('2026-04-07', 50, (at) => ev(S(), at, GEN, { platform: MAC })),
      ev(S(), '2026-04-08', FAILED, { success: false, errorCategory: 'timeout' }),
      ev(S(), '2026-04-08T01:00:00Z', FAILED, { success: false, errorCategory: 'parse_error', platform: MAC }),
      ev(S(), '2026-04-08T02:00:00Z', FAILED, { success: false, errorCategory: 'timeout', platform: MAC }),
      ...on('2026-03-31', 50, (at) => ev(S(), at, GEN)),
      ev(S(), '2026-04-14', FAILED, { success: false, errorCategory: 'timeout' }),
    ],
  });
  await loadAudits([
    auditOf(b1, '2026-01-13', 'TRUE_POSITIVE'), auditOf(b2, '2026-01-13T01:00:00Z', 'TRUE_POSITIVE'), auditOf(e1, '2026-01-14', 'FALSE_NEGATIVE'),
    ...high.map((event, i) => auditOf(event, '2026-01-15', i < 3 ? 'TRUE_POSITIVE' : 'FALSE_POSITIVE')),
    auditOf(medium[0]!, '2026-01-16', 'TRUE_POSITIVE'), auditOf(medium[1]!, '2026-01-16', 'FALSE_POSITIVE'), auditOf(e2, '2026-01-16', 'FALSE_NEGATIVE'),
    auditOf(previous, '2026-01-07', 'TRUE_POSITIVE'), auditOf(later, '2026-01-21', 'FALSE_POSITIVE'),
  ]);
});

const AUDITS = win('2026-01-12', '2026-01-19');
const OVERRIDES = win('2026-02-02', '2026-02-09');
const LATENCY = win('2026-03-02', '2026-03-09');
const INFERENCE = win('2026-03-16', '2026-03-23');
const ERRORS = win('2026-04-06', '2026-04-13');

metricCases({
  safety_true_positive_rate: [
    // TP 6 (CRITICAL 2, HIGH 3, MEDIUM 1) / (TP 6 + FN 2) = 0.75; the target is for CRITICAL only.
    // Previous 1/1: −25 points.
    { name: 'value, change in points, no overall target', window: AUDITS, snapshot: { value: 0.75, previousValue: 1, change: -25, changeUnit: 'POINTS', target: null, status: 'NO_TARGET', sampleSize: 8 } },
    // CRITICAL 2/3 < 100% (and below 90%): missed. HIGH 3/3, MEDIUM 1/2: no target.
    { name: 'by severity: 100% for CRITICAL', window: AUDITS, segments: { by: 'validationSeverity', expected: { CRITICAL: [2 / 3, 'MISSED'], HIGH: [1, 'NO_TARGET'], MEDIUM: [0.5, 'NO_TARGET'] } } },
    // Only a FALSE_POSITIVE: TP + FN = 0, no data.
    { name: 'no TP or FN verdict: zero denominator, no data', window: win('2026-01-19', '2026-01-26'), snapshot: { value: null, status: 'NO_DATA' } },
    { name: 'no audit: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  safety_false_positive_rate: [
    // FP 2 / 8 audited blocks (CRITICAL 2, HIGH 4, MEDIUM 2; executed ones and the unaudited block are
    // not counted) = 0.25 > 0.055: missed, attainment 0.05 / 0.25. Previous 0/1: +25 points.
    { name: 'value, change in points, target', window: AUDITS, snapshot: { value: 0.25, previousValue: 0, change: 25, status: 'MISSED', attainment: 0.2, sampleSize: 8 } },
    { name: 'by severity', window: AUDITS, segments: { by: 'validationSeverity', expected: { CRITICAL: [0, 'MET'], HIGH: [0.25, 'MISSED'], MEDIUM: [0.5, 'MISSED'] } } },
    { name: 'a false positive alone: 1', window: win('2026-01-19', '2026-01-26'), snapshot: { value: 1, status: 'MISSED' } },
    { name: 'no audit: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  safety_override_rate: [
    // 1 OVERRIDE / 10 BLOCKED = 0.1 ≤ 0.1: met, attainment 1. Previous 2/4: −40 points.
    { name: 'value, change in points, target', window: OVERRIDES, snapshot: { value: 0.1, previousValue: 0.5, change: -40, status: 'MET', attainment: 1 } },
    // CRITICAL 0/4; HIGH 1/6 ≈ 0.167 > 0.11.
    { name: 'by severity', window: OVERRIDES, segments: { by: 'validationSeverity', expected: { CRITICAL: [0, 'MET'], HIGH: [1 / 6, 'MISSED'] } } },
    { name: 'overrides without blocks: zero denominator, no data', window: win('2026-02-09', '2026-02-16'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
  latency_p50: [
    // [40 60 80 120 200 400 600 2000]: rank 0.5 × 7 = 3.5 → 120 + 0.5 × 80 = 160. Previous [100 300]: 200;
    // −20%. The 100 ms target is for STATIC only.
    { name: 'value, change in percent, no overall target', window: LATENCY, snapshot: { value: 160, previousValue: 200, change: -20, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 8 } },
    // STATIC rank 1.5 → 60 + 0.5 × 20 = 70 ≤ 100; EMBEDDED 400 + 0.5 × 200 = 500.
    { name: 'by backend: the STATIC target', window: LATENCY, segments: { by: 'backend', expected: { STATIC: [70, 'MET'], EMBEDDED: [500, 'NO_TARGET'] } } },
    { name: 'no generation: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
  latency_p99: [
    // Rank 0.99 × 7 = 6.93 → 600 + 0.93 × 1 400 = 1 902. Previous 100 + 0.99 × 200 = 298.
    { name: 'value, change in percent, no overall target', window: LATENCY, snapshot: { value: 1902, previousValue: 298, change: ((1902 - 298) / 298) * 100, status: 'NO_TARGET' } },
    // EMBEDDED rank 2.97 → 600 + 0.97 × 1 400 = 1 958 > 1 100: missed. STATIC 80 + 0.97 × 40 = 118.8.
    { name: 'by backend: the EMBEDDED target', window: LATENCY, segments: { by: 'backend', expected: { STATIC: [118.8, 'NO_TARGET'], EMBEDDED: [1958, 'MISSED'] } } },
    { name: 'no generation: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  inference_time_p50: [
    // [20 40 200 260 400 500 700]: 260. Previous [300 500] (any event type): 400; −35%.
    { name: 'value, change in percent, no overall target', window: INFERENCE, snapshot: { value: 260, previousValue: 400, change: -35, status: 'NO_TARGET', sampleSize: 7 } },
    // smollm 260 ≤ 300; qwen [500 700] 600 ≤ 600; mlx-qwen has no model target.
    { name: 'by model', window: INFERENCE, segments: { by: 'model', expected: { smollm: [260, 'MET'], qwen: [600, 'MET'], 'mlx-qwen': [30, 'NO_TARGET'] } } },
    // MLX [20 40] 30 ≤ 30; EMBEDDED [200 260 400 500 700] 400.
    { name: 'by backend: the MLX target', window: INFERENCE, segments: { by: 'backend', expected: { MLX: [30, 'MET'], EMBEDDED: [400, 'NO_TARGET'] } } },
    { name: 'no event carries it: no data', window: LATENCY, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  error_rate: [
    // 3 FAILED / 100 GEN = 0.03 > 0.022: missed, attainment 0.02 / 0.03. Previous 0/50: +3 points.
    { name: 'value, change in points, target', window: ERRORS, snapshot: { value: 0.03, previousValue: 0, change: 3, changeUnit: 'POINTS', status: 'MISSED', attainment: 2 / 3 } },
    // Each category's failures over all 100 generations: timeout 0.02 (met exactly), parse_error 0.01.
    { name: 'by error category: over all generations', window: ERRORS, segments: { by: 'errorCategory', expected: { timeout: [0.02, 'MET'], parse_error: [0.01, 'MET'] } } },
    // By platform, each over its own generations: linux 1/50, macos 2/50 > 0.022.
    { name: 'by platform', window: ERRORS, segments: { by: 'platform', expected: { [LINUX]: [0.02, 'MET'], [MAC]: [0.04, 'MISSED'] } } },
    { name: 'failures without generations: zero denominator, no data', window: win('2026-04-13', '2026-04-20'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
