import { defineDashboard } from '../define-dashboard.js';

export default defineDashboard({
  id: 'quality',
  title: 'Quality',
  review: 'daily',
  granularity: 'DAY',
  panels: [
    { metric: 'first_attempt_success_rate' },
    { metric: 'post_repair_success_rate' },
    { metric: 'latency_p50', segment: 'backend' },
    { metric: 'latency_p95', segment: 'backend' },
    { metric: 'latency_p99', segment: 'backend' },
    { metric: 'error_rate', segment: 'errorCategory' },
    { metric: 'safety_true_positive_rate', segment: 'validationSeverity' },
    { metric: 'safety_false_positive_rate' },
    { metric: 'safety_override_rate' },
  ],
  alerts: [
    'first_attempt_success_rate.below_80_percent',
    'latency_p95.above_1000_ms',
    'error_rate.above_5_percent',
    'safety_false_positive_rate.above_10_percent',
  ],
});
