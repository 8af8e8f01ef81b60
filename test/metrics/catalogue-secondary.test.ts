/**
 * The secondary metrics (#4): resource use, platform share and binary size, RuleTester-style: fixture
 * records in, values per window and segment out, worked by hand in the comments. `change`: percent
 * for counts (MB, %, MB of binary), points × 100 for ratios.
 */
import { beforeAll } from 'vitest';
import { metricCases } from '../support/catalogue-fixtures.js';
import { ev, gaugeAt, loadFixture, session as S, win } from '../support/metric-fixtures.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const NOTHING = win('2025-06-02', '2025-06-09');
const MAC = 'macos-aarch64';
const LINUX = 'linux-x86_64';
const l1 = S();

beforeAll(async () => {
  await loadFixture({
    events: [
      // memory_mb_avg, memory_mb_max, cpu_percent_avg. Window [01-12, 01-19): EMBEDDED smollm 400 MB 50%,
      // 600 MB 70%; EMBEDDED qwen 1 000 MB 150%; MLX mlx-qwen 300 MB 30%; a STATIC event carries neither.
      // Previous [01-05, 01-12): one event, 500 MB 100%.
      ev(S(), '2026-01-12', GEN, { backend: 'EMBEDDED', model: 'smollm', memoryMb: 400, cpuPercent: 50 }),
      ev(S(), '2026-01-13', GEN, { backend: 'EMBEDDED', model: 'smollm', memoryMb: 600, cpuPercent: 70 }),
      ev(S(), '2026-01-14', GEN, { backend: 'EMBEDDED', model: 'qwen', memoryMb: 1000, cpuPercent: 150 }),
      ev(S(), '2026-01-15', GEN, { backend: 'MLX', model: 'mlx-qwen', memoryMb: 300, cpuPercent: 30 }),
      ev(S(), '2026-01-16', GEN),
      ev(S(), '2026-01-06', GEN, { backend: 'EMBEDDED', model: 'qwen', memoryMb: 500, cpuPercent: 100 }),
      // platform_share. Window [02-02, 02-09): active linux ×3 (one twice), macos ×1; a macos session only
      // generates. Previous: active linux ×1.
      ev(l1, '2026-02-02', EXEC), ev(l1, '2026-02-03', EXEC), ev(S(), '2026-02-03', EXEC), ev(S(), '2026-02-04', EXEC),
      ev(S(), '2026-02-05', EXEC, { platform: MAC }), ev(S(), '2026-02-06', GEN, { platform: MAC }),
      ev(S(), '2026-01-28', EXEC),
    ],
    // binary_size_mb: 12 (01-01), 10.5 (02-01), 9.5 (02-10), 8 (02-16, at the end of the week below).
    gauges: [
      gaugeAt('release.binary_size_mb', '2026-01-01', 12), gaugeAt('release.binary_size_mb', '2026-02-01', 10.5),
      gaugeAt('release.binary_size_mb', '2026-02-10', 9.5), gaugeAt('release.binary_size_mb', '2026-02-16', 8),
    ],
  });
});

const RESOURCES = win('2026-01-12', '2026-01-19');
const PLATFORMS = win('2026-02-02', '2026-02-09');

metricCases({
  memory_mb_avg: [
    // (400 + 600 + 1 000 + 300) / 4 = 575; previous 500: +15%. ↓ without a figure: no target.
    { name: 'value, change in percent, no target', window: RESOURCES, snapshot: { value: 575, previousValue: 500, change: 15, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 4 } },
    // STATIC sent events, none with memory: listed without a value.
    { name: 'by backend', window: RESOURCES, segments: { by: 'backend', expected: { EMBEDDED: [2000 / 3, 'NO_TARGET'], MLX: [300, 'NO_TARGET'], STATIC: [null, 'NO_DATA'] } } },
    { name: 'by model', window: RESOURCES, segments: { by: 'model', expected: { smollm: [500, 'NO_TARGET'], qwen: [1000, 'NO_TARGET'], 'mlx-qwen': [300, 'NO_TARGET'] } } },
    { name: 'no event carries it: no data', window: PLATFORMS, snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
  memory_mb_max: [
    // max 1 000; previous 500: +100%.
    { name: 'value, change in percent, no target', window: RESOURCES, snapshot: { value: 1000, previousValue: 500, change: 100, status: 'NO_TARGET' } },
    { name: 'by backend', window: RESOURCES, segments: { by: 'backend', expected: { EMBEDDED: [1000, 'NO_TARGET'], MLX: [300, 'NO_TARGET'], STATIC: [null, 'NO_DATA'] } } },
    { name: 'no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  cpu_percent_avg: [
    // (50 + 70 + 150 + 30) / 4 = 75; previous 100: −25%.
    { name: 'value, change in percent, no target', window: RESOURCES, snapshot: { value: 75, previousValue: 100, change: -25, status: 'NO_TARGET' } },
    { name: 'by backend', window: RESOURCES, segments: { by: 'backend', expected: { EMBEDDED: [90, 'NO_TARGET'], MLX: [30, 'NO_TARGET'], STATIC: [null, 'NO_DATA'] } } },
    { name: 'no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  platform_share: [
    // The description says: no headline value, read it by platform.
    { name: 'no headline value', window: PLATFORMS, snapshot: { value: null, sampleSize: 4 } },
    // 4 active sessions: linux 3/4, macos 1/4 (the macos session that only generates is not active).
    { name: 'by platform', window: PLATFORMS, segments: { by: 'platform', expected: { [LINUX]: [0.75, 'NO_TARGET'], [MAC]: [0.25, 'NO_TARGET'] } } },
    { name: 'no active session: no segments', window: NOTHING, segments: { by: 'platform', expected: {} } },
  ],
  binary_size_mb: [
    // Latest before 02-16: 9.5 (the 8 is at `to`); before 02-09: 10.5. (9.5 − 10.5) / 10.5; ≤ 10: met,
    // attainment 10 / 9.5.
    { name: 'value, change in percent, target', window: win('2026-02-09', '2026-02-16'), snapshot: { value: 9.5, previousValue: 10.5, change: (-1 / 10.5) * 100, changeUnit: 'PERCENT', status: 'MET', attainment: 10 / 9.5 } },
    // 10.5 is within 10% of 10; 12 is not.
    { name: 'at risk', window: win('2026-02-02', '2026-02-09'), snapshot: { value: 10.5, status: 'AT_RISK' } },
    { name: 'missed', window: win('2026-01-05', '2026-01-12'), snapshot: { value: 12, previousValue: 12, change: 0, status: 'MISSED' } },
    { name: 'never observed: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
});
