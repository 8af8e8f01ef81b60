/** discord_members: the latest discord.members observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('discord_members', {
  // Observed on 07-01 200, 07-08 210, 07-10 250 and 07-13 260.
  records: {
    gauges: [
      gaugeAt('discord.members', '2026-07-01', 200), gaugeAt('discord.members', '2026-07-08', 210),
      gaugeAt('discord.members', '2026-07-10', 250), gaugeAt('discord.members', '2026-07-13', 260),
    ],
  },
  cases: [
    // Latest before 07-13: 250 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 200.
    // (250 − 200) / 200 = +25%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 250, previousValue: 200, change: 25, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 260, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 260, previousValue: 260, change: 0 } },
    // [07-01, 07-08) holds the first observation (200 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 200, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
