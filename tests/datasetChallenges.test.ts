// The Spark and Dask chapter's challenges (the `dataset` engine), as CI runs them: every solution's
// role (reference and baseline Accepted, starter rejected, each wrong and slow solution with its
// expected verdict) on the tests, graded by the real grader. The lessons' measured numbers (shuffle
// bytes, reads per iteration, skew, speed-ups) are `arena pack test`'s.
import path from 'node:path'
import { createGrader } from '@arena/grader'
import { loadPack } from '@arena/packs'
import { afterAll, expect, it } from 'vitest'
import { gradeRoles } from './helpers/gradeRoles.ts'

const pack = await loadPack(path.resolve(import.meta.dirname, '../challenges/core'))
const CHALLENGES = pack.challenges.filter((challenge) => challenge.config.engines.includes('dataset'))

const grader = createGrader({ runnerClass: 'cpu' })
afterAll(() => grader.close())

it('finds the chapter', () => {
  expect(CHALLENGES.map((challenge) => challenge.id).sort()).toEqual([
    'broadcast-join',
    'cached-iterations',
    'columnar-pushdown',
    'reduce-by-key',
    'salted-aggregation',
    'tree-reduce',
  ])
})

for (const challenge of CHALLENGES) {
  it(`${challenge.id}: every solution behaves as its role`, { timeout: 600_000 }, async () => {
    const { seen, wanted } = await gradeRoles(grader, pack, challenge)
    expect(seen).toEqual(wanted)
  })
}
