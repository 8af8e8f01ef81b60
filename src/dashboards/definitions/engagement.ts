import { defineDashboard } from '../define-dashboard.js';

export default defineDashboard({
  id: 'engagement',
  title: 'Engagement',
  review: 'weekly',
  granularity: 'DAY',
  panels: [
    { metric: 'commands_generated_per_user' },
    { metric: 'execution_rate' },
    { metric: 'backend_share', segment: 'backend' },
    { metric: 'query_complexity_share', segment: 'queryComplexity' },
  ],
  alerts: ['execution_rate.below_60_percent', 'backend_share.static_below_50_percent', 'commands_generated_per_user.declining_wow'],
});
