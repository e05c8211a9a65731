/** drizzle-kit settings: `npx drizzle-kit generate` turns src/db/schema.ts into SQL files under migrations/. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
});
