// Writes arenaModules.d.ts: `npx tsx packages/engines/src/writeArenaModules.ts` (then `npm run format`).
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { arenaModulesDts } from './arenaModulesDts.ts'

writeFileSync(fileURLToPath(new URL('./arenaModules.d.ts', import.meta.url)), arenaModulesDts())
