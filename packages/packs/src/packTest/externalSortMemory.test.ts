// Memory that adds up (issue 16, point 8): the statement of external-sort says 8 MB, the limit is
// 8 MB, and the grader meters its reference at no more than 8 MB (heap in use + ArrayBuffers, what
// the limit counts); it read 9.26 MB when the committed heap was metered.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGrader, type Grader } from '@arena/grader'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadPack } from '../load/loadPack.ts'
import { toGradable } from '../toGradable.ts'
import { peakOf } from './memoryCap.ts'

const CORE = fileURLToPath(new URL('../../../../challenges/core', import.meta.url))

let grader: Grader
beforeAll(() => {
  grader = createGrader({ workers: 1 })
})
afterAll(() => grader.close())

it("external-sort's reference is Accepted with a metered peak within its stated cap", {
  timeout: 240_000,
}, async () => {
  const pack = await loadPack(CORE)
  const challenge = pack.challenges.find((candidate) => candidate.id === 'external-sort')
  if (!challenge) throw new Error('external-sort is missing from the core pack')
  expect(challenge.sources.readme).toMatch(/\*\*8 MB of\s+memory\*\*/)
  expect(challenge.config.limits.memoryMb).toBe(8)
  const result = await grader.grade({
    challenge: toGradable(pack, challenge),
    source: challenge.sources.reference,
    filename: path.basename(challenge.files.reference),
    mode: 'full',
    secretSeed: 1,
  })
  expect(result.status).toBe('Accepted')
  const peak = peakOf(result)
  expect(peak).toBeGreaterThan(4 * 2 ** 20)
  expect(peak).toBeLessThanOrEqual(8 * 2 ** 20)
})
