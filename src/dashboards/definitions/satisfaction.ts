import { defineDashboard } from '../define-dashboard.js';

export default defineDashboard({
  id: 'satisfaction',
  title: 'Satisfaction',
  review: 'monthly',
  granularity: 'WEEK',
  panels: [
    { metric: 'nps', segment: 'persona' },
    { metric: 'csat' },
    { metric: 'survey_response_rate' },
    { metric: 'support_response_satisfaction' },
    { metric: 'support_resolution_rate', segment: 'answer' },
  ],
  alerts: ['nps.dropping_mom', 'csat.below_4', 'support_response_satisfaction.below_70_percent'],
});
