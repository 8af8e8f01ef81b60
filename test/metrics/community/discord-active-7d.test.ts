/** discord_active_7d: the latest discord.active_7d observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('discord_active_7d', {
  // Observed on 07-01 50, 07-08 45, 07-10 40 and 07-13 42.
  records: {
    gauges: [
      gaugeAt('discord.active_7d', '2026-07-01', 50), gaugeAt('discord.active_7d', '2026-07-08', 45),
      gaugeAt('discord.active_7d', '2026-07-10', 40), gaugeAt('discord.active_7d', '2026-07-13', 42),
    ],
  },
  cases: [
    // Latest before 07-13: 40 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 50.
    // (40 − 50) / 50 = −20%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 40, previousValue: 50, change: -20, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 42, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 42, previousValue: 42, change: 0 } },
    // [07-01, 07-08) holds the first observation (50 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 50, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
