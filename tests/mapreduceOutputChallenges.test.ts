// The mapreduce challenges whose answer is as large as their input (issue 14, class 8): the answer is
// a file the job's reducers write (`output: { file }`) and the check reads from the run's folder, and
// the largest input is larger than solve's memory. Every solution's role on the tests, graded by the
// real grader: reference and baseline Accepted, starter rejected, each wrong solution with its
// expected verdict (the pipes through solve, `records-through-solve` and the held-back tries beside
// it, a RuntimeError: a job takes no records from solve in a call whose data are files). The speed
// lesson is measured by `arena pack test`.
import path from 'node:path'
import { createGrader } from '@arena/grader'
import { loadPack } from '@arena/packs'
import { afterAll, describe, expect, it } from 'vitest'
import { gradeRoles } from './helpers/gradeRoles.ts'

const CHALLENGES = ['inverted-index', 'pagerank']
const pack = await loadPack(path.resolve(import.meta.dirname, '../challenges/core'))
const grader = createGrader()
afterAll(() => grader.close())

describe('answers written by the reducers', () => {
  for (const id of CHALLENGES) {
    const challenge = pack.challenges.find((c) => c.id === id)
    if (!challenge) throw new Error(`core/${id} is missing`)
    it(`${id}: every solution behaves as its role`, { timeout: 1_200_000 }, async () => {
      const { seen, wanted } = await gradeRoles(grader, pack, challenge)
      expect(wanted['wrong/records-through-solve']).toBe('RuntimeError')
      expect(seen).toEqual(wanted)
    })
  }
})
