/** discord_messages_day: the latest discord.messages_day observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('discord_messages_day', {
  // Observed on 07-01 80, 07-08 100, 07-10 120 and 07-13 90.
  records: {
    gauges: [
      gaugeAt('discord.messages_day', '2026-07-01', 80), gaugeAt('discord.messages_day', '2026-07-08', 100),
      gaugeAt('discord.messages_day', '2026-07-10', 120), gaugeAt('discord.messages_day', '2026-07-13', 90),
    ],
  },
  cases: [
    // Latest before 07-13: 120 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 80.
    // (120 − 80) / 80 = +50%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 120, previousValue: 80, change: 50, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 90, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 90, previousValue: 90, change: 0 } },
    // [07-01, 07-08) holds the first observation (80 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 80, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
