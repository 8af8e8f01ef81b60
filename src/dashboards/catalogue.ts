/**
 * The four review dashboards of METRICS.md §5, in the order the API lists them, checked against the
 * metric registry at start-up the way plugins are: invalid ones stop the start with every problem
 * printed once, `<file> -> <field>: <message>`.
 */
import { registry } from '../registry/catalogue.js';
import { exitOnDefinitionError } from '../registry/validate.js';
import { validateDashboardFiles, type DashboardDefinition } from './define-dashboard.js';
import engagement from './definitions/engagement.js';
import growth from './definitions/growth.js';
import quality from './definitions/quality.js';
import satisfaction from './definitions/satisfaction.js';

/** Each dashboard with its file (named after its id: checked). */
const files = Object.entries({ growth, engagement, quality, satisfaction }).map(([name, exported]) => ({
  file: `src/dashboards/definitions/${name}.ts`,
  exported,
}));

export const dashboards: readonly DashboardDefinition[] = (() => {
  try {
    return validateDashboardFiles(files, registry);
  } catch (error) {
    return exitOnDefinitionError(error);
  }
})();
