import { defineConfig } from 'prisma/config';

/**
 * Prisma CLI configuration. The provider follows DATABASE_URL the way the server's does
 * (src/env.ts): unset or `file:` → SQLite, `postgres(ql)://` → PostgreSQL.
 * The CLI is only used for `prisma generate` here: migrations are applied by the server itself and
 * authored with `npm run db:new-migration` (README, "Prisma offline").
 */
const url = process.env.DATABASE_URL ?? 'file:./data/caro-metrics.db';
const dir = /^postgres(ql)?:/.test(url) ? 'prisma/postgresql' : 'prisma';

export default defineConfig({
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  datasource: { url },
});
