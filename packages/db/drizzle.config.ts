import { defineConfig } from 'drizzle-kit'

// Paths are relative to the repository root: run it as `npm run db:generate` from there.
export default defineConfig({
  dialect: 'sqlite',
  schema: './packages/db/src/schema.ts',
  out: './db/migrations',
})
