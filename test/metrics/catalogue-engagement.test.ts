/**
 * The engagement metrics not covered by shipped-metrics.test.ts (#4), RuleTester-style: fixture
 * records in, values per window and segment out, worked by hand in the comments. Each block has its
 * own weeks of 2026. `change`: percent for counts, points × 100 for ratios.
 */
import { beforeAll } from 'vitest';
import { metricCases, on } from '../support/catalogue-fixtures.js';
import { ev, loadFixture, session as S, win } from '../support/metric-fixtures.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const SEARCH = 'HISTORY_SEARCHED';
const NOTHING = win('2025-06-02', '2025-06-09');
const NOVICE = { persona: 'NOVICE' } as const;
const EXPERT = { persona: 'EXPERT' } as const;

const [c1, c2, c3, c4, c5] = [S(), S(), S(), S(), S()];
const [k1, k2, k3, k4, k5, k6, k7] = [S(), S(), S(), S(), S(), S(), S()];

beforeAll(async () => {
  await loadFixture({
    events: [
      // commands_*_per_user. Window [01-12, 01-19): c1 (NOVICE) 12 GEN 8 EXEC, c2 (NOVICE) 6 GEN 4 EXEC,
      // c3 (EXPERT) 9 GEN 3 EXEC, c4 (EXPERT) 3 GEN and no EXEC. Previous [01-05, 01-12): c1 10 GEN 5 EXEC,
      // c5 (EXPERT) 2 GEN 1 EXEC. Week [01-19, 01-26): c4 generates only.
      ...on('2026-01-12', 12, (at) => ev(c1, at, GEN, NOVICE)), ...on('2026-01-13', 8, (at) => ev(c1, at, EXEC, NOVICE)),
      ...on('2026-01-14', 6, (at) => ev(c2, at, GEN, NOVICE)), ...on('2026-01-15', 4, (at) => ev(c2, at, EXEC, NOVICE)),
      ...on('2026-01-16', 9, (at) => ev(c3, at, GEN, EXPERT)), ...on('2026-01-17', 3, (at) => ev(c3, at, EXEC, EXPERT)),
      ...on('2026-01-18', 3, (at) => ev(c4, at, GEN, EXPERT)),
      ...on('2026-01-06', 10, (at) => ev(c1, at, GEN, NOVICE)), ...on('2026-01-07', 5, (at) => ev(c1, at, EXEC, NOVICE)),
      ...on('2026-01-08', 2, (at) => ev(c5, at, GEN, EXPERT)), ev(c5, '2026-01-09', EXEC, EXPERT),
      ...on('2026-01-20', 2, (at) => ev(c4, at, GEN, EXPERT)),
      // backend_share. Window [02-02, 02-09): GEN STATIC 11, EMBEDDED 7, MLX 2 (and an MLX EXEC, not counted).
      // Previous [01-26, 02-02): STATIC 8, EMBEDDED 2. (Week [02-09, 02-16) has executions of the next block only.)
      ...on('2026-02-02', 11, (at) => ev(S(), at, GEN)),
      ...on('2026-02-03', 7, (at) => ev(S(), at, GEN, { backend: 'EMBEDDED' })),
      ...on('2026-02-04', 2, (at) => ev(S(), at, GEN, { backend: 'MLX' })), ev(S(), '2026-02-05', EXEC, { backend: 'MLX' }),
      ...on('2026-01-27', 8, (at) => ev(S(), at, GEN)), ...on('2026-01-28', 2, (at) => ev(S(), at, GEN, { backend: 'EMBEDDED' })),
      // history_adoption, history_searches_per_user, plugin_adoption. Window [02-16, 02-23), active:
      // k1 history on, 2 plugins, 3 searches; k2 history on since 02-10 (not resent), 0 plugins, 1 search;
      // k3 history on then off, 1 plugin; k4 sends neither; k5 history on, 0 plugins, 2 searches, and off
      // at 02-23 00:00 (= `to`). k6 (history on, 3 plugins) only generates: not active.
      // Previous [02-09, 02-16): active k2 (on, 0 plugins, 1 search), k7 (off, 5 plugins).
      ev(k1, '2026-02-17', EXEC, { historyEnabled: true, pluginCount: 2 }), ...on('2026-02-18', 3, (at) => ev(k1, at, SEARCH)),
      ev(k2, '2026-02-10', EXEC, { historyEnabled: true, pluginCount: 0 }), ev(k2, '2026-02-11', SEARCH),
      ev(k2, '2026-02-17', EXEC), ev(k2, '2026-02-18T05:00:00Z', SEARCH),
      ev(k3, '2026-02-17', EXEC, { historyEnabled: true }), ev(k3, '2026-02-18', EXEC, { historyEnabled: false, pluginCount: 1 }),
      ev(k4, '2026-02-19', EXEC),
      ev(k5, '2026-02-19', EXEC, { historyEnabled: true, pluginCount: 0 }), ...on('2026-02-20', 2, (at) => ev(k5, at, SEARCH)),
      ev(k5, '2026-02-23', GEN, { historyEnabled: false }),
      ev(k6, '2026-02-19', GEN, { historyEnabled: true, pluginCount: 3 }),
      ev(k7, '2026-02-11', EXEC, { historyEnabled: false, pluginCount: 5 }),
      // Week [02-23, 03-02): only k4 is active, and searches once.
      ev(k4, '2026-02-24', EXEC), ev(k4, '2026-02-25', SEARCH),
      // query_complexity_share, refinement_usage, refinements_per_complex_query. Window [03-09, 03-16), GEN:
      // SIMPLE 4, MEDIUM 2, COMPLEX 4 (refinements 0, 1, 3, none), 2 without complexity; a COMPLEX EXEC
      // with 10 refinements is no generation. Previous [03-02, 03-09): SIMPLE 3, COMPLEX 1 (0 refinements).
      // Week [03-16, 03-23): 2 GEN without complexity.
      ...on('2026-03-09', 4, (at) => ev(S(), at, GEN, { queryComplexity: 'SIMPLE' })),
      ...on('2026-03-10', 2, (at) => ev(S(), at, GEN, { queryComplexity: 'MEDIUM' })),
      ...[0, 1, 3, undefined].map((refinementCount, i) =>
        ev(S(), `2026-03-11T0${i}:00:00Z`, GEN, { queryComplexity: 'COMPLEX', refinementCount })),
      ...on('2026-03-12', 2, (at) => ev(S(), at, GEN)),
      ev(S(), '2026-03-13', EXEC, { queryComplexity: 'COMPLEX', refinementCount: 10 }),
      ...on('2026-03-03', 3, (at) => ev(S(), at, GEN, { queryComplexity: 'SIMPLE' })),
      ev(S(), '2026-03-04', GEN, { queryComplexity: 'COMPLEX', refinementCount: 0 }),
      ...on('2026-03-17', 2, (at) => ev(S(), at, GEN)),
    ],
  });
});

const CMD = win('2026-01-12', '2026-01-19');
const SHARE = win('2026-02-02', '2026-02-09');
const HIST = win('2026-02-16', '2026-02-23');
const CPLX = win('2026-03-09', '2026-03-16');

metricCases({
  commands_generated_per_user: [
    // 30 GEN / 3 active (c1 c2 c3; c4 never executes) = 10 ≥ 10: met, attainment 1.
    // Previous 12 GEN / 2 active (c1 c5) = 6: +66.7%.
    { name: 'value, change in percent, target', window: CMD, snapshot: { value: 10, previousValue: 6, change: 200 / 3, changeUnit: 'PERCENT', status: 'MET', attainment: 1, sampleSize: 3 } },
    // NOVICE 18 GEN / 2 = 9 (at risk: ≥ 10 − 1); EXPERT 12 GEN (c3 9, c4 3) / 1 (c3) = 12.
    { name: 'by persona', window: CMD, segments: { by: 'persona', expected: { NOVICE: [9, 'AT_RISK'], EXPERT: [12, 'MET'] } } },
    // Per 7 days: [01-05, 01-19) has 42 GEN / 4 active (c1 c2 c3 c5) = 10.5 over 14 days → 5.25 a week.
    { name: 'normalised to 7 days over a 14-day window', window: win('2026-01-05', '2026-01-19'), snapshot: { value: 5.25, status: 'MISSED' } },
    { name: 'generations without active sessions: zero denominator, no data', window: win('2026-01-19', '2026-01-26'), snapshot: { value: null, status: 'NO_DATA' } },
    { name: 'no data', window: NOTHING, snapshot: { value: null, previousValue: null, change: null, status: 'NO_DATA' } },
  ],
  commands_executed_per_user: [
    // 15 EXEC / 3 = 5 < 6.3: missed, attainment 5/7. Previous 6 / 2 = 3: +66.7%.
    { name: 'value, change in percent, target', window: CMD, snapshot: { value: 5, previousValue: 3, change: 200 / 3, status: 'MISSED', attainment: 5 / 7 } },
    // NOVICE 12 / 2 = 6 < 6.3; EXPERT 3 / 1.
    { name: 'by persona', window: CMD, segments: { by: 'persona', expected: { NOVICE: [6, 'MISSED'], EXPERT: [3, 'MISSED'] } } },
    { name: 'no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  backend_share: [
    // Headline STATIC 11/20 = 0.55, within 10% of the default ≥ 0.6: at risk. Previous 8/10: −25 points.
    { name: 'headline STATIC share, change in points, target', window: SHARE, snapshot: { value: 0.55, previousValue: 0.8, change: -25, changeUnit: 'POINTS', status: 'AT_RISK', attainment: 0.55 / 0.6 } },
    // EMBEDDED 7/20 = 0.35 (≥ 0.35), MLX 2/20 = 0.1 (≥ 0.05): each against its own target.
    { name: 'by backend', window: SHARE, segments: { by: 'backend', expected: { STATIC: [0.55, 'AT_RISK'], EMBEDDED: [0.35, 'MET'], MLX: [0.1, 'MET'] } } },
    { name: 'executions without generations: no data', window: win('2026-02-09', '2026-02-16'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
  history_adoption: [
    // Active k1 k2 k3 k4 k5 = 5; latest historyEnabled before `to` true: k1, k2 (carried from 02-10),
    // k5 (its false is at `to`); k3's latest is false. 3/5 ≥ 0.4. Previous: k2 of k2 k7 = 0.5; +10 points.
    { name: 'value, change in points, target', window: HIST, snapshot: { value: 0.6, previousValue: 0.5, change: 10, changeUnit: 'POINTS', status: 'MET', attainment: 1.5, sampleSize: 5 } },
    // Only k4 is active, without history: 0/1 = 0, not no data.
    { name: 'no active session with history: 0', window: win('2026-02-23', '2026-03-02'), snapshot: { value: 0, status: 'MISSED' } },
    { name: 'no active session: zero denominator, no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  history_searches_per_user: [
    // 6 searches (k1 3, k2 1, k5 2) / 3 active sessions with history = 2. Previous 1 / 1 (k2): +100%.
    { name: 'value, change in percent, no target', window: HIST, snapshot: { value: 2, previousValue: 1, change: 100, changeUnit: 'PERCENT', status: 'NO_TARGET' } },
    // k4 searches once but no active session has history: zero denominator.
    { name: 'no active session with history: no data', window: win('2026-02-23', '2026-03-02'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
  plugin_adoption: [
    // Latest pluginCount ≥ 1: k1 (2), k3 (1); k2 k5 0, k4 none: 2/5 ≥ 0.3. Previous k7 (5) of 2: −10 points.
    { name: 'value, change in points, target', window: HIST, snapshot: { value: 0.4, previousValue: 0.5, change: -10, status: 'MET', attainment: 0.4 / 0.3 } },
    { name: 'no session with plugins: 0', window: win('2026-02-23', '2026-03-02'), snapshot: { value: 0, status: 'MISSED' } },
    { name: 'no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  query_complexity_share: [
    // Of the 10 GEN that carry a complexity: COMPLEX 4 = 0.4 (headline). Previous 1/4: +15 points.
    { name: 'headline COMPLEX share, change in points, no target', window: CPLX, snapshot: { value: 0.4, previousValue: 0.25, change: 15, status: 'NO_TARGET', sampleSize: 10 } },
    { name: 'by complexity', window: CPLX, segments: { by: 'queryComplexity', expected: { SIMPLE: [0.4, 'NO_TARGET'], MEDIUM: [0.2, 'NO_TARGET'], COMPLEX: [0.4, 'NO_TARGET'] } } },
    { name: 'generations without complexity: no data', window: win('2026-03-16', '2026-03-23'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
  refinement_usage: [
    // COMPLEX GEN with ≥ 1 refinement: 2 (1, 3) of 4 = 0.5 ≥ 0.2. Previous 0/1: +50 points.
    { name: 'value, change in points, target', window: CPLX, snapshot: { value: 0.5, previousValue: 0, change: 50, status: 'MET', attainment: 2.5 } },
    { name: 'no COMPLEX generation: zero denominator, no data', window: win('2026-03-16', '2026-03-23'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
  refinements_per_complex_query: [
    // Mean over the COMPLEX GEN that carry a count: (0 + 1 + 3) / 3. Previous 0: a change from 0 has no value.
    { name: 'value, change from 0, no target', window: CPLX, snapshot: { value: 4 / 3, previousValue: 0, change: null, status: 'NO_TARGET', sampleSize: 3 } },
    { name: 'no COMPLEX generation: no data', window: win('2026-03-16', '2026-03-23'), snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
