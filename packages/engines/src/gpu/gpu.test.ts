import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import type { GpuPayload, GpuReport } from './testing/gpuTask.ts'

const TASK = fileURLToPath(new URL('./testing/gpuTask.ts', import.meta.url))
const sandbox = new ProcessPool({ size: 1 })
afterAll(() => sandbox.close())

async function run(payload: GpuPayload): Promise<GpuReport> {
  const outcome = await sandbox.run<GpuReport>({ module: TASK, fn: 'runGpu', payload, deadlineMs: 30_000 })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
  return outcome.value
}

// Two dispatches: per-workgroup partial sums in workgroup memory, then one workgroup adds the partials.
const REDUCE = `
exports.solve = async (values) => {
  const groups = Math.ceil(values.length / 256)
  const code = \`
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
@group(0) @binding(2) var<storage, read_write> total: array<f32>;
var<workgroup> scratch: array<f32, 256>;
@compute @workgroup_size(256) fn partials(@builtin(global_invocation_id) id: vec3u, @builtin(local_invocation_index) i: u32, @builtin(workgroup_id) wg: vec3u) {
  scratch[i] = select(0.0, input[id.x], id.x < arrayLength(&input));
  workgroupBarrier();
  for (var step = 128u; step > 0u; step = step / 2u) {
    if (i < step) { scratch[i] += scratch[i + step]; }
    workgroupBarrier();
  }
  if (i == 0u) { partial[wg.x] = scratch[0]; }
}
@compute @workgroup_size(1) fn finish() {
  var s = 0.0;
  for (var k = 0u; k < arrayLength(&partial); k++) { s += partial[k]; }
  total[0] = s;
}\`
  const { total } = await gpu.run({
    kernel: 'sum',
    code,
    buffers: { input: values, partial: { length: groups }, total: { length: 1 } },
    dispatches: [
      { entryPoint: 'partials', workgroups: groups, bind: ['input', 'partial'] },
      { entryPoint: 'finish', workgroups: 1, bind: [null, 'partial', 'total'] },
    ],
    read: ['total'],
    flops: values.length,
  })
  return { sum: total[0], type: total.constructor.name, info: gpu.info, keys: Object.keys(globalThis.__arena_engines.gpu.gpu) }
}`

describe('gpu engine (Dawn on SwiftShader in CI)', () => {
  it('runs a two-pass reduction, reads the result back and counts what the kernels did', async () => {
    const values = Float32Array.from({ length: 10_000 }, (_, i) => (i % 7) - 3)
    const report = await run({ code: REDUCE, inputs: [values] })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const output = report.run.outputs[0] as {
      sum: number
      type: string
      info: { runnerClass: string }
      keys: string[]
    }
    expect(output.sum).toBe(values.reduce((a, b) => a + b, 0))
    expect(output.type).toBe('Float32Array')
    expect(output.info.runnerClass).toMatch(/^gpu:/)
    expect(output.keys.sort()).toEqual(['info', 'run'])
    const { counters } = report
    expect(counters).toMatchObject({
      jobs: 1,
      dispatches: 2,
      bytesUploaded: 40_000,
      bytesReadBack: 4,
      flops: 10_000,
    })
    expect(counters.kernelNs).toBeGreaterThan(0)
    expect(counters.peakDeviceBytes).toBeGreaterThanOrEqual(40_000)
    expect(counters.kernelGBps).toBeGreaterThan(0)
    expect(counters.kernelGflops).toBeGreaterThan(0)
  })

  it('times a call that runs no kernel by its wall time, so CPU work is not free', async () => {
    const report = await run({
      code: `exports.solve = (values) => { let s = 0; for (let r = 0; r < 20; r++) for (let i = 0; i < values.length; i++) s += values[i]; return s }`,
      inputs: [new Float32Array(100_000).fill(1)],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.counters.jobs).toBe(0)
    expect(report.counters.kernelNs).toBeGreaterThan(0)
    expect(report.counters.hostNs).toBe(report.counters.kernelNs)
  })

  it('times CPU work beside a token kernel as the code it is (kernelAndCodeNs), not the copying of the job', async () => {
    // The answer computed on the CPU (~60 ms of a generator stands in for it), then a one-thread
    // kernel for show.
    const cheat = `exports.solve = async (values) => {
  let s = 1
  for (let i = 0; i < 50_000_000; i++) s = (Math.imul(s, 1103515245) + 12345) | 0
  await gpu.run({ code: '@group(0) @binding(0) var<storage, read_write> o: array<f32>; @compute @workgroup_size(1) fn main() { o[0] = 1.0; }', buffers: { o: { length: 1 } }, dispatches: [{ workgroups: 1, bind: ['o'] }] })
  return s !== 0.5
}`
    const cheated = await run({ code: cheat, inputs: [new Float32Array(1)] })
    expect(cheated.run.outcome).toEqual({ status: 'ok' })
    const c = cheated.counters
    expect(c.codeCpuNs).toBeGreaterThan(40e6)
    expect(c.kernelAndCodeNs).toBe((c.kernelNs ?? 0) + (c.codeCpuNs ?? 0))
    // No ratio to the kernel's time: on SwiftShader beside other work the one-thread kernel itself read
    // 12.6 ms once. What matters is that the clock holds the code's 40+ ms (above).
    // A getter in the job is read once, before the copy: it cannot do its work inside the copy's window.
    const getter = await run({
      code: `exports.solve = async () => {
  let reads = 0
  const read = []
  Object.defineProperty(read, 0, { enumerable: true, get() { reads++; return 'o' } })
  const job = { code: '@group(0) @binding(0) var<storage, read_write> o: array<f32>; @compute @workgroup_size(1) fn main() { o[0] = 1.0; }', buffers: { o: { length: 1 } }, dispatches: [{ workgroups: 1, bind: ['o'] }], read }
  await gpu.run(job)
  return reads
}`,
      inputs: [0],
    })
    expect(getter.run.outcome).toEqual({ status: 'ok' })
    expect(getter.run.outputs[0]).toBe(1)
    // An honest job that uploads 32 MB: copying it out of the isolate is the engine's CPU, not the code's.
    const upload = await run({
      code: `exports.solve = async (values) => { const { o } = await gpu.run({ code: '@group(0) @binding(0) var<storage, read> i: array<f32>; @group(0) @binding(1) var<storage, read_write> o: array<f32>; @compute @workgroup_size(1) fn main() { o[0] = i[0]; }', buffers: { i: values, o: { length: 1 } }, dispatches: [{ workgroups: 1, bind: ['i', 'o'] }], read: ['o'] }); return o[0] }`,
      inputs: [new Float32Array(8 * 2 ** 20).fill(2)],
      limits: { memoryMb: 128 },
    })
    expect(upload.run.outcome).toEqual({ status: 'ok' })
    expect(upload.run.outputs[0]).toBe(2)
    const u = upload.counters
    expect(u.jobCopyCpuNs).toBeGreaterThan(0)
    expect(u.codeCpuNs).toBe(Math.max(0, (upload.run.calls[0]?.cpuNs ?? 0) - (u.jobCopyCpuNs ?? 0)))
    // The host's share (checking, uploading 32 MB, encoding) counts against the run's CPU limit (C3).
    expect(upload.run.calls[0]?.engineCpuNs).toBeGreaterThan(0)
  })

  it('runs no learner code inside the job copy excluded from the code clock (map, getters, proxies, prototype setters)', async () => {
    // Each hook burns ~25 ms of CPU (20M steps of a generator; a wall-clock wait would burn less CPU
    // on a busy machine, and the clocks count CPU) wherever it runs. Before the job was snapshotted with captured
    // intrinsics, these ran inside the copy (timed as the engine's, not the code's): kernelAndCodeNs
    // missed them and a CPU answer beside a token kernel scored gold.
    const report = await run({
      code: `exports.solve = async () => {
  let ran = 0
  let sink = 0
  const burn = () => { ran++; let x = ran; for (let i = 0; i < 20_000_000; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; sink ^= x }
  const lazy = (value) => { const a = []; Object.defineProperty(a, 0, { enumerable: true, get() { burn(); return value } }); return a }
  const code = '@group(0) @binding(0) var<storage, read_write> o: array<f32>; @compute @workgroup_size(1) fn main() { o[0] = 1.0; }'
  // An array whose own map returns a lazy array (the guest used to call bind.map and dispatches.map).
  const bind = ['o']; bind.map = () => lazy('o')
  await gpu.run({ code, buffers: { o: { length: 1 } }, dispatches: [{ workgroups: 1, bind }] })
  const dispatches = [{ workgroups: 1, bind: ['o'] }]
  dispatches.map = () => [{ get entryPoint() { burn(); return 'main' }, workgroups: [1, 1, 1], bind: ['o'] }]
  await gpu.run({ code, buffers: { o: { length: 1 } }, dispatches, read: ['o'] })
  // A setter planted on the prototypes: it turns what the guest writes into its own objects into getters.
  const plant = (proto, key) => Object.defineProperty(proto, key, { configurable: true, set(v) { Object.defineProperty(this, key, { enumerable: true, configurable: true, get() { burn(); return v } }) } })
  plant(Array.prototype, '0'); plant(Object.prototype, 'o')
  await gpu.run({ code, buffers: { o: new Float32Array(1).subarray(0, 1) }, dispatches: [{ workgroups: 1, bind: ['o'] }], read: ['o'] })
  delete Array.prototype[0]; delete Object.prototype.o
  // A Proxy for the data, and a view of a typed-array subclass whose slice (the guest sliced views) is lazy.
  class Sneaky extends Float32Array { slice() { burn(); return { get 0() { burn(); return 1 } } } }
  const viewed = new Sneaky(new ArrayBuffer(16), 4, 1)
  await gpu.run({ code, buffers: { o: new Proxy({ data: new Float32Array(1) }, { get(t, k) { burn(); return t[k] } }) }, dispatches: [{ workgroups: 1, bind: ['o'] }] })
  await gpu.run({ code, buffers: { o: viewed }, dispatches: [{ workgroups: 1, bind: ['o'] }] })
  return sink === 0.5 ? -1 : ran
}`,
      inputs: [0],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const ran = report.run.outputs[0] as number
    const c = report.counters
    expect(c.jobs).toBe(5)
    // Whatever hooks ran, ran on the code clock; the excluded copy held less than one hook's work.
    expect(c.jobCopyCpuNs).toBeLessThan(10e6)
    expect(c.codeCpuNs).toBeGreaterThanOrEqual(ran * 15e6)
  })

  it('reports a WGSL compile error with the WGSL line and column', async () => {
    const report = await run({
      code: `exports.solve = async () => gpu.run({
  code: '@compute @workgroup_size(1) fn main() {\\n  let x: f32 = 1u;\\n}',
  buffers: {}, dispatches: [{ workgroups: 1, bind: [] }] })`,
      inputs: [0],
    })
    expect(report.run.outcome.status).toBe('CompileError')
    const message = (report.run.outcome as { message: string }).message
    expect(message).toContain('at line 2:')
    expect(message).toContain("cannot initialize 'let' of type 'f32'")
    expect(message).toContain('let x: f32 = 1u;')
  })

  it('ends a run whose buffers exceed the memory limit with MemoryLimit', async () => {
    const report = await run({
      code: `exports.solve = async () => gpu.run({
  code: '@group(0) @binding(0) var<storage, read_write> a: array<f32>; @compute @workgroup_size(1) fn main() { a[0] = 1.0; }',
  buffers: { a: { length: 40 * 1024 * 1024 } }, dispatches: [{ workgroups: 1, bind: ['a'] }], read: ['a'] })`,
      inputs: [0],
      limits: { memoryMb: 64 },
    })
    expect(report.run.outcome.status).toBe('MemoryLimit')
    expect((report.run.outcome as { message: string }).message).toContain('GPU memory limit of 64 MB')
  })

  it("ends a run whose read-back does not fit in the isolate's memory left with MemoryLimit", async () => {
    // V8 disposes the isolate while the read buffer is copied in: the learner's MemoryLimit naming
    // gpu.run (was RuntimeError "Promise was abandoned").
    const report = await run({
      code: `const kept = []
exports.solve = async () => {
  for (let i = 0; i < 44; i++) kept.push(new Float64Array(2 ** 17).fill(i))
  const { a } = await gpu.run({
    code: '@group(0) @binding(0) var<storage, read_write> a: array<f32>; @compute @workgroup_size(1) fn main() { a[0] = 1.0; }',
    buffers: { a: { length: 8 * 1024 * 1024 } }, dispatches: [{ workgroups: 1, bind: ['a'] }], read: ['a'] })
  return kept.length + a.length
}`,
      inputs: [0],
      limits: { memoryMb: 64 },
    })
    expect(report.run.outcome.status).toBe('MemoryLimit')
    expect((report.run.outcome as { message: string }).message).toMatch(
      /Exceeded the memory limit of 64 MB while the results of gpu\.run were copied into your code/,
    )
  })

  it('runs jobs concurrently, and counts device memory of the jobs in flight against the limit', async () => {
    const double = `'@group(0) @binding(0) var<storage, read_write> a: array<f32>; @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { if (id.x < arrayLength(&a)) { a[id.x] = a[id.x] * 2.0; } }'`
    const together = await run({
      code: `exports.solve = async () => {
  const job = (x) => gpu.run({ code: ${double}, buffers: { a: Float32Array.of(x, x) }, dispatches: [{ workgroups: 1, bind: ['a'] }], read: ['a'] })
  const [one, two] = await Promise.all([job(1), job(2)])
  return [one.a[1], two.a[1]]
}`,
      inputs: [0],
    })
    expect(together.run.outcome).toEqual({ status: 'ok' })
    expect(together.run.outputs[0]).toEqual([2, 4])
    expect(together.counters.jobs).toBe(2)

    // Kernels that take a while, so the jobs are on the device together whatever the scheduling.
    const slow = `'@group(0) @binding(0) var<storage, read_write> a: array<f32>; @compute @workgroup_size(1) fn main() { var s = a[1]; for (var k = 0u; k < 2000000u; k++) { s = s * 0.5 + a[k % 7u]; } a[0] = s; }'`
    const tooMuch = await run({
      code: `exports.solve = async () => {
  const job = () => gpu.run({ code: ${slow}, buffers: { a: { length: 5 * 1024 * 1024 } }, dispatches: [{ workgroups: 1, bind: ['a'] }] })
  return Promise.all([job(), job(), job(), job()])
}`,
      inputs: [0],
      limits: { memoryMb: 64 },
    })
    expect(tooMuch.run.outcome.status).toBe('MemoryLimit')
    expect((tooMuch.run.outcome as { message: string }).message).toMatch(/were in use/)
  })

  it('clamps out-of-bounds writes: the run goes on and the buffer holds only what fit', async () => {
    const report = await run({
      code: `exports.solve = async () => (await gpu.run({
  code: '@group(0) @binding(0) var<storage, read_write> a: array<u32>; @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { a[id.x * 1000u] = id.x + 1u; }',
  buffers: { a: { type: 'u32', length: 8 } }, dispatches: [{ workgroups: 4, bind: ['a'] }], read: ['a'] })).a`,
      inputs: [0],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const a = report.run.outputs[0] as Uint32Array
    expect(a).toBeInstanceOf(Uint32Array)
    expect(a.length).toBe(8)
    expect(a[0]).toBe(1)
  })

  it('says which binding does not match the shader', async () => {
    const report = await run({
      code: `exports.solve = async () => gpu.run({
  code: '@group(0) @binding(0) var<storage, read_write> a: array<f32>; @group(0) @binding(1) var<storage, read_write> b: array<f32>; @compute @workgroup_size(1) fn main() { a[0] = b[0]; }',
  buffers: { a: { length: 4 } }, dispatches: [{ workgroups: 1, bind: ['a'] }] })`,
      inputs: [0],
    })
    expect(report.run.outcome.status).toBe('RuntimeError')
    expect((report.run.outcome as { message: string }).message).toMatch(
      /GPU error in kernel "kernel": .*binding/i,
    )
  })

  it('throws a TypeError from the learner own call for an array WGSL cannot read', async () => {
    const report = await run({
      code: `exports.solve = async () => gpu.run({ code: 'x', buffers: { a: new Float64Array(4) }, dispatches: [] })`,
      inputs: [0],
    })
    expect(report.run.outcome.status).toBe('RuntimeError')
    const outcome = report.run.outcome as { message: string; location?: { line: number } }
    expect(outcome.message).toContain('Float64Array')
    expect(outcome.message).toContain('Float32Array.from')
    expect(outcome.location?.line).toBe(2)
  })

  it('turns a device lost mid-run into a verdict, and the next run gets a new device', async () => {
    const lost = await run({
      code: `exports.solve = async () => { for (;;) { await gpu.run({
  code: '@group(0) @binding(0) var<storage, read_write> a: array<f32>; @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { a[id.x % 64u] += 1.0; }',
  buffers: { a: { length: 64 } }, dispatches: [{ workgroups: 64, bind: ['a'] }], read: ['a'] }) } }`,
      inputs: [0],
      loseDeviceAfterMs: 200,
    })
    expect(lost.run.outcome.status).toBe('RuntimeError')
    expect((lost.run.outcome as { message: string }).message).toContain('GPU device was lost')
    const next = await run({ code: REDUCE, inputs: [Float32Array.of(1, 2, 3)] })
    expect(next.run.outcome).toEqual({ status: 'ok' })
    expect((next.run.outputs[0] as { sum: number }).sum).toBe(6)
    expect(next.pid).toBe(lost.pid)
  })

  // Straight-line WGSL within the inlining bound (wgslInlining.ts): 230 KB that SwiftShader compiled
  // for 11.3 s in the synchronous createComputePipeline on an idle machine, the child's event loop
  // blocked all along (28 s asynchronously; 82 s for 7,500 lines beside a CI run).
  const compileOf = (lines: number) => `exports.solve = async () => {
  let body = ''
  for (let i = 0; i < ${lines}; i++) body += 's = s * 1.0001 + sin(s + ' + i + '.0);\\n'
  const code = '@group(0) @binding(0) var<storage, read_write> o: array<f32>;\\n@compute @workgroup_size(1) fn main() { var s = o[0];\\n' + body + 'o[0] = s; }'
  return gpu.run({ kernel: 'long', code, buffers: { o: { length: 1 } }, dispatches: [{ workgroups: 1, bind: ['o'] }], read: ['o'] })
}`
  const LONG_COMPILE = compileOf(7000)

  it("ends a run whose kernel compiles past the wall limit with the run's TimeLimit; the child is replaced", async () => {
    // The pipeline compiled in the synchronous createComputePipeline, on the child's own thread: no
    // watchdog fired until the compile ended, and the pool's deadline killed the child first.
    const startedAt = performance.now()
    const report = await run({ code: LONG_COMPILE, inputs: [0], limits: { wallMs: 1500, cpuMs: 20_000 } })
    const elapsedMs = performance.now() - startedAt
    expect(report.run.outcome).toMatchObject({
      status: 'TimeLimit',
      message: expect.stringMatching(/^Stopped after 1500 ms of wall time while calling solve/),
    })
    expect(elapsedMs).toBeLessThan(8000)
    // Dawn cannot stop the compile: the child goes, the next run gets a new one.
    expect(report.tainted).toBe(true)
    const next = await run({ code: REDUCE, inputs: [Float32Array.of(1, 2)] })
    expect(next.run.outcome).toEqual({ status: 'ok' })
    expect(next.pid).not.toBe(report.pid)
  })

  it('counts a compile in flight against the CPU limit, and names it', async () => {
    const report = await run({ code: LONG_COMPILE, inputs: [0], limits: { wallMs: 20_000, cpuMs: 800 } })
    expect(report.run.outcome).toMatchObject({
      status: 'TimeLimit',
      message: expect.stringMatching(
        /^Used more than 800 ms of CPU time while compiling gpu kernel "long": \d+ ms in your code and \d+ ms of engine work/,
      ),
    })
    expect(report.run.calls).toEqual([])
    expect(report.tainted).toBe(true)
  })

  it('charges a compile by the CPU it used, not the time it waited for a core on a busy machine', async () => {
    // More busy processes than this machine has cores: the compile's thread waits for a core often.
    const competitors = Array.from({ length: 3 }, () =>
      spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
    )
    try {
      const startedAt = performance.now()
      const report = await run({
        code: compileOf(1000),
        inputs: [0],
        limits: { wallMs: 60_000, cpuMs: 20_000 },
      })
      const wallMs = performance.now() - startedAt
      expect(report.run.outcome).toEqual({ status: 'ok' })
      // By wall time the charge was the compile's whole wait; the child cannot have used more CPU
      // than it did, and Dawn's polling (dawnPolling.ts) no longer spins its main thread meanwhile.
      expect(report.engineHostMs).toBeLessThanOrEqual(report.processCpuMs + 20)
      expect(report.processCpuMs).toBeLessThan(0.8 * wallMs)
    } finally {
      for (const competitor of competitors) competitor.kill('SIGKILL')
    }
  })

  it('ends a kernel that never finishes with TimeLimit; the child is replaced and the next run works', async () => {
    const endless = await run({
      code: `exports.solve = async () => gpu.run({
  code: '@group(0) @binding(0) var<storage, read_write> a: array<f32>; @compute @workgroup_size(1) fn main() { loop { if (a[0] < -1.0) { break; } a[1] = a[1] + 1.0; } }',
  buffers: { a: { length: 4 } }, dispatches: [{ workgroups: 1, bind: ['a'] }], read: ['a'] })`,
      inputs: [0],
      limits: { wallMs: 1500 },
    })
    expect(endless.run.outcome.status).toBe('TimeLimit')
    expect(endless.tainted).toBe(true)
    const next = await run({ code: REDUCE, inputs: [Float32Array.of(4, 5)] })
    expect(next.run.outcome).toEqual({ status: 'ok' })
    expect((next.run.outputs[0] as { sum: number }).sum).toBe(9)
    expect(next.pid).not.toBe(endless.pid)
  })
})
