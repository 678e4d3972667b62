// The GPU pack's kernels measured outside the grader, for `npm run bench gpu` and `npm run gpu-check`:
// each challenge's reference and baseline through the real gpu engine (a fresh isolate per round, as
// the grader runs them), kernel time by timestamp queries, and a plain CPU loop doing the same work in
// the same run.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createGpuEngine, type EngineCounters } from '@arena/engines'
import { compileSolution } from '@arena/grader'
import { type CaseSize, formatCaseSize } from '@arena/grader/result'
import { loadPack } from '@arena/packs'
import { runProgram } from '@arena/sandbox'
import { summarize } from './section.ts'

const PACK_DIR = path.resolve(import.meta.dirname, '../../challenges/gpu')
const LIMITS = {
  cpuMs: 120_000,
  wallMs: 120_000,
  memoryMb: 1024,
  outputBytes: 4096,
  resultBytes: 256 * 2 ** 20,
}

/** Input sizes: the pack's largest perf case (SwiftShader), or sizes that fill a real GPU. */
export const GPU_SIZES = {
  'reduce-sum': 1 << 24,
  'tiled-matmul': 2048,
  'histogram-atomics': 1 << 24,
} as const

export interface KernelFigure {
  challenge: string
  solution: 'reference' | 'baseline'
  size: CaseSize
  kernelMs: number
  gflops?: number
  gbps?: number
  dispatches: number
}

export interface CpuLoopFigure {
  challenge: string
  size: CaseSize
  ms: number
  gflops?: number
  gbps?: number
}

type Generate = (seed: number, size: CaseSize) => unknown

/** The same work as each kernel, as the plain loop anyone would write first, and its FLOPs and bytes. */
const CPU_LOOPS: Record<string, (input: never) => { flops?: number; bytes: number }> = {
  'reduce-sum': ({ values }: { values: Float32Array }) => {
    let sum = 0
    for (let i = 0; i < values.length; i++) sum += values[i] as number
    if (Number.isNaN(sum)) throw new Error('unreachable')
    return { flops: values.length, bytes: values.byteLength }
  },
  'tiled-matmul': ({
    m,
    n,
    k,
    a,
    b,
  }: {
    m: number
    n: number
    k: number
    a: Float32Array
    b: Float32Array
  }) => {
    const c = new Float32Array(m * n)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let q = 0; q < k; q++) s += (a[i * k + q] as number) * (b[q * n + j] as number)
        c[i * n + j] = s
      }
    return { flops: 2 * m * n * k, bytes: (m * k + k * n + m * n) * 4 }
  },
  'histogram-atomics': ({ values, bins }: { values: Uint32Array; bins: number }) => {
    const counts = new Uint32Array(bins)
    for (let i = 0; i < values.length; i++) counts[values[i] as number]!++
    return { bytes: values.byteLength + bins * 4 }
  },
}

async function runOnce(
  program: Awaited<ReturnType<typeof compile>>,
  input: unknown,
): Promise<EngineCounters> {
  const engine = createGpuEngine({
    limits: { ...LIMITS, workers: 1, diskMb: 0 },
    program,
    scratchDir: '',
    runnerClass: 'gpu',
  })
  try {
    const run = await runProgram(program, [input], LIMITS, [engine])
    if (run.outcome.status !== 'ok') throw new Error(`${run.outcome.status}: ${run.outcome.message}`)
    return engine.counters()
  } finally {
    await engine.dispose()
  }
}

async function compile(source: string, filename: string) {
  const compiled = await compileSolution(source, filename, 'solve', ['gpu'])
  if (!compiled.ok) throw new Error(`${filename} does not compile: ${compiled.message}`)
  return compiled.program
}

/**
 * Every challenge's reference and baseline on `sizes` (default: each challenge's largest perf case),
 * median kernel time over `rounds` fresh runs, and the plain CPU loop on the same input.
 */
export async function measurePackKernels(options: {
  rounds: number
  sizes?: Partial<Record<string, CaseSize>>
  log: (line: string) => void
}): Promise<{ kernels: KernelFigure[]; cpuLoops: CpuLoopFigure[] }> {
  const pack = await loadPack(PACK_DIR)
  const kernels: KernelFigure[] = []
  const cpuLoops: CpuLoopFigure[] = []
  for (const challenge of pack.challenges) {
    // Cases are listed smallest first: the last is the largest.
    const largest = challenge.config.perf.cases.at(-1)
    const size = options.sizes?.[challenge.id] ?? largest?.size
    if (size === undefined) continue
    const tests = (await import(pathToFileURL(challenge.files.tests).href)) as {
      default: { generate: Generate }
    }
    const input = tests.default.generate(1, size)
    const warmup = tests.default.generate(2, challenge.config.perf.warmupSize)
    for (const solution of ['reference', 'baseline'] as const) {
      const program = await compile(challenge.sources[solution], `${solution}.ts`)
      await runOnce(program, warmup)
      const rounds: EngineCounters[] = []
      for (let round = 0; round < options.rounds; round++) rounds.push(await runOnce(program, input))
      const kernelNs = summarize(rounds.map((counters) => counters.kernelNs ?? 0)).median
      const median = rounds.find((counters) => counters.kernelNs === kernelNs) ?? rounds[0] ?? {}
      const figure: KernelFigure = {
        challenge: challenge.id,
        solution,
        size,
        kernelMs: kernelNs / 1e6,
        dispatches: median.dispatches ?? 0,
        ...(median.kernelGflops !== undefined ? { gflops: median.kernelGflops } : {}),
        ...(median.kernelGBps !== undefined ? { gbps: median.kernelGBps } : {}),
      }
      kernels.push(figure)
      options.log(describeKernel(figure))
    }
    const loop = CPU_LOOPS[challenge.id]
    if (loop) {
      const times: number[] = []
      let work = { bytes: 0 } as { flops?: number; bytes: number }
      // A 2048³ triple loop takes ~30 s in JavaScript: stop repeating after 10 s.
      const started = Date.now()
      for (let round = 0; round < options.rounds && (round === 0 || Date.now() - started < 10_000); round++) {
        const start = process.hrtime.bigint()
        work = loop(input as never)
        times.push(Number(process.hrtime.bigint() - start))
      }
      const ns = summarize(times).median
      const figure: CpuLoopFigure = {
        challenge: challenge.id,
        size,
        ms: ns / 1e6,
        gbps: work.bytes / ns,
        ...(work.flops ? { gflops: work.flops / ns } : {}),
      }
      cpuLoops.push(figure)
      const reference = kernels.find((k) => k.challenge === challenge.id && k.solution === 'reference')
      const speedup = reference
        ? ` → reference kernel ${(figure.ms / reference.kernelMs).toFixed(2)}× the CPU loop`
        : ''
      options.log(
        `${challenge.id} plain CPU loop (size ${formatCaseSize(size)}): ${figure.ms.toFixed(2)} ms${figure.gflops ? `, ${figure.gflops.toPrecision(3)} GFLOP/s` : ''}, ${figure.gbps?.toFixed(2)} GB/s${speedup}`,
      )
    }
  }
  return { kernels, cpuLoops }
}

export function describeKernel(figure: KernelFigure): string {
  const rates = [
    figure.gflops !== undefined ? `${figure.gflops.toPrecision(3)} GFLOP/s` : undefined,
    figure.gbps !== undefined ? `${figure.gbps.toPrecision(3)} GB/s` : undefined,
  ].filter(Boolean)
  return `${figure.challenge} ${figure.solution} (size ${formatCaseSize(figure.size)}): kernel ${figure.kernelMs.toFixed(3)} ms, ${rates.join(', ')}, ${figure.dispatches} dispatch(es)`
}
