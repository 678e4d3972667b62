// `npm run bench gpu`: the gpu engine on this machine's WebGPU adapter. Per-dispatch overhead in µs
// (one job through the device, an extra dispatch inside a job, one gpu.run from learner code through
// the engine), then the GPU pack's reference and baseline kernels (GFLOP/s, GB/s) against a plain CPU
// loop doing the same work in the same run. SwiftShader (CI, CPU machines) emulates the GPU on the CPU:
// its figures say what the code costs there, not what a GPU does.
import { acquireGpu, checkKernelJob, type KernelJob, runKernelJob } from '@arena/engines'
import { runGpu } from '../../packages/engines/src/gpu/testing/gpuTask.ts'
import { measurePackKernels } from './gpuKernels.ts'
import { type BenchSection, summarize } from './section.ts'

const JOBS = 200
const ROUNDS = 5

const TOUCH = `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { a[id.x] = a[id.x] + 1.0; }`

function touchJob(dispatches: number): KernelJob {
  const job = checkKernelJob(
    {
      kernel: 'touch',
      code: TOUCH,
      buffers: { a: { type: 'f32', length: 64, uniform: false } },
      dispatches: Array.from({ length: dispatches }, () => ({
        entryPoint: 'main',
        workgroups: [1, 1, 1],
        bind: ['a'],
      })),
      read: ['a'],
      flops: 0,
    },
    65535,
  )
  if (typeof job === 'string') throw new Error(job)
  return job
}

/** From learner code: `gpu.run` in a loop, timed in the isolate (Date has ms resolution: many calls). */
const ENGINE_LOOP = `exports.solve = async (n) => {
  const job = { code: ${JSON.stringify(TOUCH)}, buffers: { a: { length: 64 } }, dispatches: [{ workgroups: 1, bind: ['a'] }], read: ['a'] }
  await gpu.run(job)
  const start = Date.now()
  for (let i = 0; i < n; i++) await gpu.run(job)
  return (Date.now() - start) * 1000 / n
}`

export const gpuSection: BenchSection = {
  name: 'gpu',
  description:
    'gpu engine: per-dispatch overhead (µs) and the GPU pack kernels (GFLOP/s, GB/s) against a plain CPU loop (issue #6)',
  async run(log) {
    const results: Record<string, unknown> = {}
    let gpu: Awaited<ReturnType<typeof acquireGpu>>
    try {
      gpu = await acquireGpu()
    } catch (error) {
      log(`no WebGPU adapter: ${String(error)}`)
      return { error: String(error) }
    }
    results.adapter = gpu.adapterName
    results.runnerClass = gpu.runnerClass
    results.timestamps = gpu.hasTimestamps
    log(`adapter: ${gpu.adapterName} (${gpu.runnerClass}), timestamp queries: ${gpu.hasTimestamps}`)
    const lost = new Promise<never>(() => {})

    const perJob = async (dispatches: number) => {
      const job = touchJob(dispatches)
      await runKernelJob(gpu, job, lost) // compiles the pipeline
      const perRound: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        const start = process.hrtime.bigint()
        for (let i = 0; i < JOBS / dispatches; i++) {
          const outcome = await runKernelJob(gpu, job, lost)
          if (!outcome.ok) throw new Error(outcome.fault.message)
        }
        perRound.push(Number(process.hrtime.bigint() - start) / 1e3 / (JOBS / dispatches))
      }
      return summarize(perRound)
    }
    const oneDispatch = await perJob(1)
    const manyDispatches = await perJob(50)
    const extraDispatchUs = (manyDispatches.median - oneDispatch.median) / 49
    results.jobUs = oneDispatch
    results.extraDispatchUs = extraDispatchUs
    log(
      `one job (compile cached, 1 dispatch, upload 256 B, read back 256 B, one submit): ${oneDispatch.median.toFixed(1)} µs`,
    )
    log(`each further dispatch inside a job (own compute pass, timestamps): ${extraDispatchUs.toFixed(1)} µs`)

    const engine: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const report = await runGpu({
        code: ENGINE_LOOP,
        inputs: [JOBS],
        limits: { wallMs: 120_000, cpuMs: 120_000 },
      })
      if (report.run.outcome.status !== 'ok') throw new Error(JSON.stringify(report.run.outcome))
      engine.push(report.run.outputs[0] as number)
    }
    results.engineRunUs = summarize(engine)
    log(
      `one gpu.run from learner code (isolate → host → device → read back → isolate; module compiled once): ${summarize(engine).median.toFixed(1)} µs`,
    )

    const { kernels, cpuLoops } = await measurePackKernels({ rounds: ROUNDS, log })
    results.kernels = kernels
    results.cpuLoops = cpuLoops
    return results
  },
}
