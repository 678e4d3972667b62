// Issue 14 (GPU challenges on a software GPU): on SwiftShader (CI, CPU-only runners) the "GPU" is the
// CPU, and plain JavaScript beat the kernels (2.3-2.9x, gold). A time taken there says nothing about
// kernels, so a Submit is graded for correctness, its times are shown, and it gets no score and no
// tier. Graded by the real grader on this machine's adapter (SwiftShader in CI).
import path from 'node:path'
import { detectGpuRunnerClass } from '@arena/engines'
import { createGrader, type GradableChallenge, softwareGpuOf } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { afterAll, describe, expect, it } from 'vitest'

const pack = await loadPack(path.resolve(import.meta.dirname, '../challenges/gpu'))
const detected = await detectGpuRunnerClass()
if (detected.runnerClass === null) {
  throw new Error(`this test needs a WebGPU adapter (SwiftShader in CI): ${detected.reason}`)
}
const runnerClass = detected.runnerClass
const software = softwareGpuOf(runnerClass)

// The same adapter under a hardware GPU's class name: what the grader does with a score it trusts.
const hardwareClass = 'gpu:test-hardware-gpu'
const grader = createGrader({ runnerClass })
const hardwareGrader = createGrader({ runnerClass: hardwareClass })
afterAll(() => Promise.all([grader.close(), hardwareGrader.close()]))

/** reduce-sum with one small perf case and few rounds: the rule, not the speed, is under test. */
function reduceSum(): GradableChallenge {
  const challenge = pack.challenges.find((c) => c.id === 'reduce-sum')
  if (!challenge) throw new Error('gpu/reduce-sum is missing')
  const gradable = toGradable(pack, challenge)
  return {
    ...gradable,
    perf: { ...gradable.perf, cases: [{ name: 'n-64k', size: 65536 }], minRounds: 3, maxRounds: 3 },
  }
}

const PLAIN_JS = `export async function solve(input: { values: Float32Array }): Promise<number> {
  let sum = 0
  for (let i = 0; i < input.values.length; i++) sum += input.values[i]!
  return sum
}`

describe.skipIf(!software)(`a GPU challenge on a software GPU (${runnerClass})`, () => {
  it('grades a correct plain-JavaScript submission Accepted with its times, but no score and no tier', {
    timeout: 300_000,
  }, async () => {
    const result = await grader.grade({
      challenge: reduceSum(),
      source: PLAIN_JS,
      mode: 'full',
      secretSeed: 5,
    })
    expect(result.status).toBe('Accepted')
    expect(result.runner.class).toBe(runnerClass)
    expect(result.tier).toBeUndefined()
    expect(result.perf?.score).toBeUndefined()
    expect(result.perf?.tier).toBeUndefined()
    const note = `Timed on a software GPU (${software}, \`${runnerClass}\`)`
    expect(result.perf?.note).toContain(note)
    expect(result.perf?.note).toContain('no score and no tier')
    expect(result.message).toBe(result.perf?.note)
    // The times are still measured and shown, against the reference's.
    const [timed] = result.perf?.cases ?? []
    expect(timed?.rounds).toBe(3)
    expect(timed?.submission.medianNs).toBeGreaterThan(0)
    expect(timed?.reference.medianNs).toBeGreaterThan(0)
  })

  it('still rejects a wrong answer there: correctness is graded as everywhere', {
    timeout: 120_000,
  }, async () => {
    const wrong = PLAIN_JS.replace('return sum', 'return sum + 1')
    const result = await grader.grade({ challenge: reduceSum(), source: wrong, mode: 'full', secretSeed: 5 })
    expect(result.status).toBe('WrongAnswer')
    expect(result.tier).toBeUndefined()
  })

  it('scores the same run on a hardware GPU class: the rule follows the adapter, not the challenge', {
    timeout: 300_000,
  }, async () => {
    const result = await hardwareGrader.grade({
      challenge: reduceSum(),
      source: PLAIN_JS,
      mode: 'full',
      secretSeed: 5,
    })
    expect(result.status).toBe('Accepted')
    expect(result.runner.class).toBe(hardwareClass)
    expect(result.perf?.score).toBeGreaterThan(0)
    expect(result.tier).toBe(result.perf?.tier)
    expect(['gold', 'silver', 'bronze']).toContain(result.tier)
    expect(result.perf?.note).toBeUndefined()
  })
})
