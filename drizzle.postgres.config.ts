/**
 * drizzle-kit settings for the PostgreSQL store: `npx drizzle-kit generate --config drizzle.postgres.config.ts`
 * turns src/db/pgSchema.ts into SQL files under migrations/postgres/ (drizzle.config.ts does the same for SQLite).
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pgSchema.ts',
  out: './migrations/postgres',
});
