/**
 * Writes the GraphQL schema to schema.graphql, the committed contract that client code generation
 * reads. test/schema/schema-file.test.ts fails when it is stale.
 *
 *   npm run schema:print
 */
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

writeFileSync('schema.graphql', `${printSchema(schema)}\n`);
console.log('wrote schema.graphql');
process.exit(0);
