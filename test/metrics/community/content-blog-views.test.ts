/** content_blog_views: the latest content.blog_views observation before `to`; its change in percent against the latest before `from`. No target. */
import { testMetric } from '../../support/metric-tester.js';
import { gaugeAt, win } from '../../support/records.js';

testMetric('content_blog_views', {
  // Observed on 07-01 400, 07-08 500, 07-10 300 and 07-13 350.
  records: {
    gauges: [
      gaugeAt('content.blog_views', '2026-07-01', 400), gaugeAt('content.blog_views', '2026-07-08', 500),
      gaugeAt('content.blog_views', '2026-07-10', 300), gaugeAt('content.blog_views', '2026-07-13', 350),
    ],
  },
  cases: [
    // Latest before 07-13: 300 (07-10; 07-13 is the window's end, so not in it). Latest before 07-06: 400.
    // (300 − 400) / 400 = −25%.
    {
      name: 'latest before `to`, change against the latest before `from`',
      window: win('2026-07-06', '2026-07-13'),
      snapshot: { value: 300, previousValue: 400, change: -25, changeUnit: 'PERCENT', target: null, status: 'NO_TARGET', sampleSize: 1 },
    },
    // No observation after 07-13: [07-20, 07-27) carries 350, and so does the week before.
    { name: 'a quiet week carries the last observation', window: win('2026-07-20', '2026-07-27'), snapshot: { value: 350, previousValue: 350, change: 0 } },
    // [07-01, 07-08) holds the first observation (400 at 07-01 00:00); nothing before it.
    { name: 'first observation: no previous value, no change', window: win('2026-07-01', '2026-07-08'), snapshot: { value: 400, previousValue: null, change: null, status: 'NO_TARGET' } },
    { name: 'never observed before `to`: no data', window: win('2026-06-01', '2026-06-08'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
});
