// `npx drizzle-kit generate` writes the migrations for src/store/schema.ts into drizzle/; openStore runs them on
// both engines (PGlite and PostgreSQL), so there is one migration set.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './drizzle',
});
