// The chapter-5 training challenges on both runner classes, as CI runs them: every solution's role
// (reference and baseline Accepted, starter rejected, each wrong solution with its expected verdict)
// on the tests, graded by the real grader on `cpu` and on this machine's GPU (Dawn on SwiftShader in CI).
// The speed lesson (batched ≥ 10× per-sample on gpu, ≥ 3× on cpu) is measured by `arena pack test`.
import path from 'node:path'
import { detectGpuRunnerClass } from '@arena/engines'
import { createGrader, type Grader } from '@arena/grader'
import { loadPack } from '@arena/packs'
import { afterAll, describe, expect, it } from 'vitest'
import { gradeRoles } from './helpers/gradeRoles.ts'

const CHALLENGES = ['batch-training', 'mlp-chunked-loading']
const pack = await loadPack(path.resolve(import.meta.dirname, '../challenges/core'))
const detected = await detectGpuRunnerClass()
if (detected.runnerClass === null)
  throw new Error(`this test needs a WebGPU adapter (SwiftShader in CI): ${detected.reason}`)
const RUNNER_CLASSES = ['cpu', detected.runnerClass]

const graders: Grader[] = []
afterAll(() => Promise.all(graders.map((grader) => grader.close())))

describe.each(RUNNER_CLASSES)('on the %s runner class', (runnerClass) => {
  const grader = createGrader({ runnerClass })
  graders.push(grader)
  for (const id of CHALLENGES) {
    const challenge = pack.challenges.find((c) => c.id === id)
    if (!challenge) throw new Error(`core/${id} is missing`)
    it(`${id}: every solution behaves as its role`, { timeout: 900_000 }, async () => {
      const { seen, wanted } = await gradeRoles(grader, pack, challenge, (_, result) =>
        expect(result.runner.class).toBe(runnerClass),
      )
      expect(seen).toEqual(wanted)
    })
  }
})
