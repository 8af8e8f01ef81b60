/**
 * Derives prisma/postgresql/schema.prisma from prisma/schema.prisma, the one source of the models.
 * Prisma cannot take the provider from the environment, so the PostgreSQL copy is generated and
 * committed; test/db/schema-drift.test.ts fails when it is stale.
 *
 *   npm run db:derive
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SOURCE_SCHEMA = 'prisma/schema.prisma';
export const POSTGRES_SCHEMA = 'prisma/postgresql/schema.prisma';

const HEADER =
  '// GENERATED from prisma/schema.prisma by `npm run db:derive`. Do not edit: edit the source.\n';

/** The PostgreSQL twin of the SQLite source schema. */
export function derivePostgresSchema(source: string): string {
  const derived = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace('output       = "../src/generated/prisma-sqlite"', 'output       = "../../src/generated/prisma-postgresql"')
    // Instants are stored with their time zone so that no session setting can shift them.
    .replace(/^(\s+\w+\s+DateTime\??)(.*)$/gm, (_line, field: string, rest: string) =>
      rest.includes('@db.') ? `${field}${rest}` : `${field} @db.Timestamptz(3)${rest}`,
    );
  if (!derived.includes('provider = "postgresql"') || !derived.includes('prisma-postgresql')) {
    throw new Error(`${SOURCE_SCHEMA}: expected a sqlite datasource and the prisma-sqlite output`);
  }
  return HEADER + derived;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync('prisma/postgresql', { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SOURCE_SCHEMA, 'utf8')));
  console.log(`wrote ${POSTGRES_SCHEMA}`);
}
