/** Imports every domain of the schema, then builds it. */
import { builder } from '../builder.js';
import './enums.js';
import './ingestion.js';
import './alerts.js';
import './dashboards.js';
import './metrics.js';
import './privacy.js';
import './report.js';
import './retention.js';

export const schema = builder.toSchema({ sortSchema: true });
