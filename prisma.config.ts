// Prisma CLI configuration. The server never reads this file: at run time it
// connects through a driver adapter (PGlite or node-postgres), see server/src/db.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // `prisma migrate deploy|status` on a machine with Prisma's engines; generate needs no URL.
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/api_tokens' },
});
