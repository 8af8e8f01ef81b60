/** Imports every domain of the schema, then builds it. */
import { builder } from '../builder.js';
import './ingestion.js';
import './metrics.js';

export const schema = builder.toSchema({ sortSchema: true });
