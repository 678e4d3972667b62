// Hidden means hidden on the GPU too (issue 15, point 2): a kernel label and WGSL code the learner
// builds from a hidden input come back in the engine's error (a WGSL compile error quotes both), and
// the grader shows none of it for a hidden test; a sample still gets the whole WGSL error.
// Runs on this machine's WebGPU adapter (Dawn on SwiftShader in CI), as tests/gpuPack.test.ts does.
import path from 'node:path'
import { detectGpuRunnerClass } from '@arena/engines'
import { createGrader } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { afterAll, describe, expect, it } from 'vitest'
import reduceSumTests from '../challenges/gpu/reduce-sum/tests.ts'

const pack = await loadPack(path.resolve(import.meta.dirname, '../challenges/gpu'))
const detected = await detectGpuRunnerClass()
if (detected.runnerClass === null) {
  throw new Error(`this test needs a WebGPU adapter (SwiftShader in CI): ${detected.reason}`)
}
const grader = createGrader({ runnerClass: detected.runnerClass })
afterAll(() => grader.close())

const reduceSum = pack.challenges.find((challenge) => challenge.id === 'reduce-sum')
if (!reduceSum) throw new Error('gpu/reduce-sum is missing')
const challenge = toGradable(pack, reduceSum)

/** reduce-sum's hidden case "65,537 values" (seed 3): the first hidden input longer than a sample. */
const HIDDEN = Array.from(
  reduceSumTests.generate(3, 65_537, {} as Parameters<typeof reduceSumTests.generate>[2]).values,
)

/** Sums on the CPU up to `upTo` values (the samples and the small hidden cases); past that, a
 * kernel named by the input, with WGSL that quotes it and does not compile. */
function labelledByInput(upTo: number): string {
  return `import { gpu } from 'arena:gpu'
export async function solve(input: { values: Float32Array }): Promise<number> {
  const values = Array.from(input.values)
  if (values.length <= ${upTo}) return values.reduce((sum, value) => sum + value, 0)
  const leak = values.slice(0, 40).join('_')
  await gpu.run({
    kernel: 'k' + leak,
    code: '// ' + leak + '\\n@compute @workgroup_size(1) fn main() { nope[0] = 1u; }',
    buffers: { out: { length: 1 } },
    dispatches: [{ workgroups: 1, bind: ['out'] }],
    read: ['out'],
  })
  return 0
}`
}

describe('gpu: hidden inputs stay hidden', () => {
  it('a kernel label and WGSL built from a hidden input: the verdict and the test only', async () => {
    const result = await grader.grade({
      challenge,
      source: labelledByInput(300),
      mode: 'tests',
      secretSeed: 1,
    })
    expect(result.status).toBe('CompileError')
    expect(result.message).toBe(
      'Compile error on hidden test "65,537 values (a tail after whole workgroups)".',
    )
    const text = JSON.stringify(result)
    expect(text).not.toContain(HIDDEN.slice(0, 6).join('_'))
    expect(text).not.toContain('nope')
  })

  it('a sample keeps the whole WGSL error, label included', async () => {
    const result = await grader.grade({ challenge, source: labelledByInput(4), mode: 'samples' })
    expect(result.status).toBe('CompileError')
    expect(result.message).toMatch(/WGSL compile error in kernel "k/)
    expect(result.message).toContain('nope')
  })
})
