// The dataset engine's files through the whole grader: tests.ts writes a columnar input with the
// authoring API's columnarFile (bundled into pack code like any authoring import), the learner's job
// reads it with pruning and pushdown and writes its answer with `write`, and the check reads that
// output file from the run's scratch folder (issue 14: output written by the engine, read by the check).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-grader-scratch-'))
process.env.ARENA_SCRATCH_DIR = scratch

const { createGrader } = await import('./createGrader.ts')
const { datasetQueryChallenge } = await import('./testing/datasetQueryChallenge.ts')

const grader = createGrader()
afterAll(async () => {
  await grader.close()
  fs.rmSync(scratch, { recursive: true, force: true })
})
const challenge = datasetQueryChallenge()

it('grades a columnar query whose output file the engine writes and the check reads', async () => {
  const accepted = await grader.grade({
    challenge,
    source: challenge.referenceSource,
    mode: 'samples',
    secretSeed: 1,
  })
  expect(accepted.status, JSON.stringify(accepted.tests)).toBe('Accepted')
  // Days 3-5 of 20 lie in 2 of the 10 row groups (two days a group): the other 8 are never read.
  expect(accepted.tests[0]?.metrics?.counters).toMatchObject({ rowGroupsRead: 2, rowGroupsSkipped: 8 })
  // A solution that forgets the day range writes wrong totals: the check, reading the file, says so.
  const wrong = challenge.referenceSource.replace("where: [['day', 'between', query.from, query.to]],", '')
  expect(wrong).not.toBe(challenge.referenceSource)
  const rejected = await grader.grade({ challenge, source: wrong, mode: 'samples', secretSeed: 1 })
  expect(rejected.status).toBe('WrongAnswer')
  expect(rejected.tests[0]?.message).toMatch(/expected [\d.]+, got [\d.]+/)
})
