/**
 * Writes the GraphQL schema to schema.graphql, the committed contract that client code generation
 * reads, and the metric plugins' type index (src/registry/plugin-index.ts) that dashboards are typed
 * from. test/schema/schema-file.test.ts and test/registry/validate.unit.test.ts fail when they are stale.
 *
 *   npm run schema:print
 */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { PLUGIN_INDEX_FILE, pluginIndexSource } from '../src/registry/registry.js';
import { schema } from '../src/schema/index.js';

writeFileSync('schema.graphql', `${printSchema(schema)}\n`);
console.log('wrote schema.graphql');
writeFileSync(PLUGIN_INDEX_FILE, pluginIndexSource());
console.log('wrote src/registry/plugin-index.ts');
process.exit(0);
