/** discord_first_response_minutes: the latest discord.first_response_minutes observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('discord_first_response_minutes', {
  // Observed on 07-01 30, 07-08 20, 07-10 15 and 07-13 12.
  records: {
    gauges: [
      gaugeAt('discord.first_response_minutes', '2026-07-01', 30), gaugeAt('discord.first_response_minutes', '2026-07-08', 20),
      gaugeAt('discord.first_response_minutes', '2026-07-10', 15), gaugeAt('discord.first_response_minutes', '2026-07-13', 12),
    ],
  },
  cases: [
    // Latest before 07-13: 15 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 30.
    // (15 − 30) / 30 = −50%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 15, previousValue: 30, change: -50, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 12, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 12, previousValue: 12, change: 0 } },
    // [07-01, 07-08) holds the first observation (30 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 30, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
