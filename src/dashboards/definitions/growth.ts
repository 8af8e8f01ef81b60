import { defineDashboard } from '../define-dashboard.js';

export default defineDashboard({
  id: 'growth',
  title: 'Growth',
  review: 'weekly',
  granularity: 'DAY',
  panels: [
    { metric: 'wau_high_satisfaction' },
    { metric: 'new_users', segment: 'acquisitionSource' },
    { metric: 'new_users', segment: 'platform' },
    { metric: 'retention_d1' },
    { metric: 'retention_w1' },
    { metric: 'retention_w4' },
    { metric: 'activation_rate_7d' },
  ],
  alerts: [
    'wau.declining_wow',
    'retention_d1.deteriorating',
    'retention_w1.deteriorating',
    'retention_w4.deteriorating',
    'activation_rate_7d.below_50_percent',
  ],
});
