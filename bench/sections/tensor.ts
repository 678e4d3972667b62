// `npm run bench tensor`: the tensor engine's backends. cpu: matmul GFLOP/s of the blocked kernel against
// a plain triple loop in the same run; the cost of one op through the engine (a host call from the
// isolate). gpu (where an adapter exists): the cost of one op dispatched through the device queue, and
// matmul GFLOP/s. SwiftShader (CI, CPU machines) emulates the GPU on the CPU: its numbers are not a GPU's.
import { acquireGpu } from '@arena/engines'
import { GpuBackend, matmulInto } from '../../packages/engines/src/tensor/index.ts'
import { runTensor } from '../../packages/engines/src/tensor/testing/tensorTask.ts'
import { type BenchSection, summarize } from './section.ts'

const ROUNDS = 5
const OPS = 2000

function tripleLoop(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += (a[i * k + p] as number) * (b[p * n + j] as number)
      c[i * n + j] = s
    }
}

function random(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5)
}

function gflops(n: number, seconds: number): number {
  return (2 * n ** 3) / seconds / 1e9
}

/** One small op per iteration through the whole engine (isolate → host call → backend), read once at the end. */
const PER_OP = `exports.solve = async (n) => {
  const x = tensor.ones([1, 16])
  let t = x
  const start = Date.now()
  for (let i = 0; i < n; i++) { const next = t.add(1); if (t !== x) t.dispose(); t = next }
  await t.data()
  return (Date.now() - start) * 1000 / n
}`

export const tensorSection: BenchSection = {
  name: 'tensor',
  description:
    'tensor engine: cpu matmul against a triple loop, per-op cost through the engine and the GPU queue (issue #6)',
  async run(log) {
    const results: Record<string, unknown> = {}
    // cpu backend: the blocked kernel against the triple loop, same sizes, same run.
    for (const n of [256, 512]) {
      const a = random(n * n)
      const b = random(n * n)
      const c = new Float32Array(n * n)
      const blocked: number[] = []
      const plain: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        let t = performance.now()
        matmulInto(a, b, c, n, n, n)
        blocked.push(gflops(n, (performance.now() - t) / 1e3))
        t = performance.now()
        tripleLoop(a, b, c, n, n, n)
        plain.push(gflops(n, (performance.now() - t) / 1e3))
      }
      const fast = summarize(blocked)
      const slow = summarize(plain)
      results[`cpuMatmul${n}`] = {
        blockedGflops: fast,
        tripleLoopGflops: slow,
        speedup: fast.median / slow.median,
      }
      log(
        `cpu matmul ${n}³: blocked ${fast.median.toFixed(2)} GFLOP/s, triple loop ${slow.median.toFixed(2)} GFLOP/s (${(fast.median / slow.median).toFixed(2)}×)`,
      )
    }
    for (const backend of ['cpu', 'gpu'] as const) {
      try {
        const perOp: number[] = []
        for (let round = 0; round < ROUNDS; round++) {
          const report = await runTensor({
            code: PER_OP,
            inputs: [OPS],
            backend,
            limits: { wallMs: 120_000, cpuMs: 120_000 },
          })
          if (report.run.outcome.status !== 'ok') throw new Error(JSON.stringify(report.run.outcome))
          perOp.push(report.run.outputs[0] as number)
        }
        results[`${backend}EngineOpUs`] = summarize(perOp)
        log(
          `${backend}: one op through the engine (isolate → host → backend): ${summarize(perOp).median.toFixed(1)} µs`,
        )
      } catch (error) {
        results[`${backend}EngineOpUs`] = { error: String(error) }
        log(`${backend}: engine per-op cost not measured: ${String(error)}`)
      }
    }
    try {
      const gpu = await acquireGpu()
      const backend = new GpuBackend(gpu)
      results.gpuAdapter = gpu.adapterName
      // Dispatch overhead: OPS tiny ops, each its own compute pass and submit, drained by one read.
      const x = backend.upload(new Float32Array(16))
      const dispatch: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const start = performance.now()
        for (let i = 0; i < OPS; i++) backend.free(backend.scalar('add', x, 1, 16))
        await backend.read(x, 16)
        dispatch.push(((performance.now() - start) * 1e3) / OPS)
      }
      results.gpuDispatchUs = summarize(dispatch)
      log(
        `gpu (${gpu.adapterName}): one op dispatched through the queue: ${summarize(dispatch).median.toFixed(1)} µs`,
      )
      const n = gpu.runnerClass === 'gpu:swiftshader' ? 256 : 2048
      const a = backend.upload(random(n * n))
      const b = backend.upload(random(n * n))
      backend.free(backend.matmul(a, b, n, n, n)) // compiles the pipeline
      await backend.read(a, 1)
      const rates: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const start = performance.now()
        const c = backend.matmul(a, b, n, n, n)
        await backend.read(c, 1)
        rates.push(gflops(n, (performance.now() - start) / 1e3))
        backend.free(c)
      }
      results[`gpuMatmul${n}Gflops`] = summarize(rates)
      log(`gpu matmul ${n}³ (4×4 per thread): ${summarize(rates).median.toFixed(2)} GFLOP/s`)
      backend.dispose()
    } catch (error) {
      results.gpu = { error: String(error) }
      log(`gpu: not measured: ${String(error)}`)
    }
    return results
  },
}
