// The WGSL kernel pack as CI runs it, on this machine's WebGPU adapter (Dawn on SwiftShader in CI):
// every solution's role on the tests (reference and baseline Accepted, starter rejected, each wrong
// solution with its expected verdict), graded by the real grader; the runner-class gate; and hostile
// kernels through the grader's sandbox children. Speed (reference against baseline, GFLOP/s) is
// measured by `arena pack test challenges/gpu --runner gpu` and `npm run bench gpu`.
import path from 'node:path'
import { detectGpuRunnerClass } from '@arena/engines'
import { createGrader, type GradableChallenge } from '@arena/grader'
import { loadPack, toGradable, typecheckChallenge } from '@arena/packs'
import { afterAll, describe, expect, it } from 'vitest'
import { gradeRoles } from './helpers/gradeRoles.ts'

const pack = await loadPack(path.resolve(import.meta.dirname, '../challenges/gpu'))
const detected = await detectGpuRunnerClass()
if (detected.runnerClass === null) {
  throw new Error(`this test needs a WebGPU adapter (SwiftShader in CI): ${detected.reason}`)
}
const runnerClass = detected.runnerClass

const grader = createGrader({ runnerClass })
const cpuGrader = createGrader({ runnerClass: 'cpu' })
afterAll(() => Promise.all([grader.close(), cpuGrader.close()]))

function gradable(id: string): GradableChallenge {
  const challenge = pack.challenges.find((c) => c.id === id)
  if (!challenge) throw new Error(`gpu/${id} is missing`)
  return toGradable(pack, challenge)
}

describe(`the gpu pack on ${runnerClass}`, () => {
  it('has the three kernels, each ranked by kernel time plus the code CPU time on gpu runners', () => {
    expect(pack.challenges.map((c) => c.id)).toEqual(['reduce-sum', 'tiled-matmul', 'histogram-atomics'])
    for (const challenge of pack.challenges) {
      expect(challenge.config).toMatchObject({
        runners: ['gpu'],
        engines: ['gpu'],
        clock: 'counter:kernelAndCodeNs',
      })
      expect(challenge.wrongSolutions.length).toBeGreaterThanOrEqual(3)
      expect(challenge.wrongSolutions.map((w) => w.name)).toContain('perturbed')
    }
  })

  for (const challenge of pack.challenges) {
    it(`${challenge.id}: every solution behaves as its role`, { timeout: 600_000 }, async () => {
      expect(typecheckChallenge(challenge, challenge.dir)).toEqual([])
      const { seen, wanted } = await gradeRoles(grader, pack, challenge, (run, result) => {
        expect(result.runner.class).toBe(runnerClass)
        if (run.role === 'reference') {
          // A tests-only result keeps no hidden run's figures (hiddenDetail.ts): the last sample's.
          const counters = result.tests.findLast((test) => test.kind === 'sample')?.metrics?.counters ?? {}
          expect(counters.kernelNs).toBeGreaterThan(0)
          expect(counters.dispatches).toBeGreaterThan(0)
          expect(counters.kernelGBps).toBeGreaterThan(0)
        }
      })
      expect(seen).toEqual(wanted)
    })
  }
})

describe('runner classes', () => {
  it('refuses to grade a gpu-only challenge on a cpu runner, and says where it runs', async () => {
    const challenge = gradable('reduce-sum')
    const result = await cpuGrader.grade({
      challenge,
      source: 'export async function solve() { return 0 }',
      mode: 'tests',
    })
    expect(result.status).toBe('InternalError')
    expect(result.runner.class).toBe('cpu')
    expect(result.message).toContain('runs on `gpu` runners only')
    expect(result.message).toContain('--runner gpu')
    expect(result.tests).toEqual([])
  })
})

describe('hostile kernels through the grader', () => {
  const source = (kernel: string, read = "read: ['a']") => `import { gpu } from 'arena:gpu'
export async function solve(input: { values: Float32Array }): Promise<number> {
  const { a } = await gpu.run({
    code: \`@group(0) @binding(0) var<storage, read_write> a: array<f32>;
${kernel}\`,
    buffers: { a: { length: 16 } },
    dispatches: [{ workgroups: 1, bind: ['a'] }],
    ${read},
  })
  return a[0]! + input.values.length * 0
}`

  it('ends an endless shader with TimeLimit, and the next grading gets a fresh device', {
    timeout: 120_000,
  }, async () => {
    const challenge = gradable('reduce-sum')
    const short = { ...challenge, limits: { ...challenge.limits, wallMs: 2000 } }
    const endless = await grader.grade({
      challenge: short,
      source: source(
        '@compute @workgroup_size(1) fn main() { loop { if (a[0] < -1.0) { break; } a[1] = a[1] + 1.0; } }',
      ),
      mode: 'samples',
    })
    expect(endless.status).toBe('TimeLimit')
    const reference = await grader.grade({ challenge, source: challenge.referenceSource, mode: 'samples' })
    expect(reference.status).toBe('Accepted')
  })

  it("blames an endless kernel left running by the submission's timed call on the submission, and the next grading works", {
    timeout: 300_000,
  }, async () => {
    // Issue 14, class 5: the submission passes the tests (one call per run), then in the perf round's
    // timed call (its second call) launches an endless kernel without awaiting it and returns the sum
    // computed on the CPU. The reference used to run next on the busy device: InternalError, "a fault
    // of the challenge". Now the round waits for the device, and the verdict is the submission's.
    const challenge = gradable('reduce-sum')
    const oneRound = {
      ...challenge,
      perf: { ...challenge.perf, cases: [{ name: 'n-4k', size: 4096 }], minRounds: 1, maxRounds: 1 },
    }
    const result = await grader.grade({
      challenge: oneRound,
      source: `import { gpu } from 'arena:gpu'
// Spins while a[0] >= 0.5: the warm-up call compiles it harmlessly, the timed call starts it for ever.
const SPIN = '@group(0) @binding(0) var<storage, read_write> a: array<f32>; @compute @workgroup_size(1) fn main() { loop { if (a[0] < 0.5) { break; } a[1] = a[1] + 1.0; } }'
const spin = (flag: number) => gpu.run({ code: SPIN, buffers: { a: Float32Array.of(flag, 0, 0, 0) }, dispatches: [{ workgroups: 1, bind: ['a'] }] })
let calls = 0
export async function solve(input: { values: Float32Array }): Promise<number> {
  if (++calls === 1) await spin(0)
  if (calls === 2) {
    void spin(1).catch(() => {})
    // Stay in the call a moment, so the kernel is on the device before solve returns.
    const until = Date.now() + 300
    while (Date.now() < until) {}
  }
  let sum = 0
  for (const v of input.values) sum += v
  return sum
}`,
      mode: 'full',
      secretSeed: 3,
    })
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toContain('A kernel you launched was still running')
    expect(result.perf).toBeUndefined()
    expect(result.tier).toBeUndefined()
    const next = await grader.grade({ challenge, source: challenge.referenceSource, mode: 'samples' })
    expect(next.status).toBe('Accepted')
  })

  it('reports a WGSL compile error with the WGSL line and column', async () => {
    const result = await grader.grade({
      challenge: gradable('reduce-sum'),
      source: source('@compute @workgroup_size(1) fn main() {\n  a[0] = 1u;\n}'),
      mode: 'samples',
    })
    expect(result.status).toBe('CompileError')
    expect(result.message).toMatch(/WGSL compile error in kernel "kernel" at line 3:\d+/)
  })

  it('ends a buffer request over the memory limit with MemoryLimit', async () => {
    const result = await grader.grade({
      challenge: gradable('reduce-sum'),
      source: `import { gpu } from 'arena:gpu'
export async function solve(): Promise<number> {
  await gpu.run({ code: '@compute @workgroup_size(1) fn main() {}', buffers: { huge: { length: 2 ** 26 } }, dispatches: [{ workgroups: 1, bind: [] }] })
  return 0
}`,
      mode: 'samples',
    })
    expect(result.status).toBe('MemoryLimit')
    expect(result.message).toContain('GPU memory limit of 128 MB')
  })
})
