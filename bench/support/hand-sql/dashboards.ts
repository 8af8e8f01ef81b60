/** The four review dashboards, by id: their panels and granularity are what a dashboard request computes. */
import type { DashboardDefinition } from '../../../src/dashboards/define-dashboard.js';
import engagement from '../../../src/dashboards/definitions/engagement.js';
import growth from '../../../src/dashboards/definitions/growth.js';
import quality from '../../../src/dashboards/definitions/quality.js';
import satisfaction from '../../../src/dashboards/definitions/satisfaction.js';

export const dashboards: Record<'growth' | 'engagement' | 'quality' | 'satisfaction', DashboardDefinition> = { growth, engagement, quality, satisfaction };
