import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { arenaModulesDts } from './arenaModulesDts.ts'

it('arenaModules.d.ts is fresh (run `npx tsx packages/engines/src/writeArenaModules.ts`)', () => {
  // Whitespace aside: biome formats the written file.
  const squash = (text: string) => text.replace(/\s+/g, '')
  expect(squash(readFileSync(new URL('./arenaModules.d.ts', import.meta.url), 'utf8'))).toBe(
    squash(arenaModulesDts()),
  )
})
