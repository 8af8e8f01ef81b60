/** The four review dashboards of METRICS.md §5, checked against the metric registry at start-up. */
import { registry } from '../registry/catalogue.js';
import { MetricDefinitionError } from '../registry/validate.js';
import { checkDashboard, type DashboardDefinition } from './define-dashboard.js';
import engagement from './definitions/engagement.js';
import growth from './definitions/growth.js';
import quality from './definitions/quality.js';
import satisfaction from './definitions/satisfaction.js';

export const dashboards: readonly DashboardDefinition[] = [growth, engagement, quality, satisfaction];

const problems = dashboards.flatMap((dashboard) => checkDashboard(dashboard, registry));
if (problems.length > 0) throw new MetricDefinitionError(problems);
