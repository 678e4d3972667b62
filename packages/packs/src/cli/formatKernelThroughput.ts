import { largestCase } from '../packTest/largestCase.ts'
import type { PackTestReport } from '../packTest/testPack.ts'
import type { Colors } from './colors.ts'
import { formatNs } from './formatNumbers.ts'

/**
 * What the `gpu` engine measured of each fully graded solution on the largest perf case: kernel time
 * (median over the rounds), achieved GFLOP/s (from the FLOPs the kernel declares) and GB/s (bytes the
 * kernels bound per second of kernel time), on the runner class that ran them. Empty without GPU kernels.
 */
export function kernelThroughputLines(report: PackTestReport, colors: Colors): string[] {
  const lines: string[] = []
  for (const row of report.rows) {
    const largest = largestCase(row.result?.perf)
    const counters = largest?.submission.counters
    if (!largest || counters?.kernelNs === undefined) continue
    if (lines.length === 0) {
      lines.push(
        '',
        colors.bold(`GPU kernels on ${row.result?.runner.class ?? 'this runner'} (largest case)`),
      )
    }
    const parts = [`kernel ${formatNs(counters.kernelNs)}`]
    if (counters.kernelGflops !== undefined) parts.push(`${counters.kernelGflops.toPrecision(3)} GFLOP/s`)
    if (counters.kernelGBps !== undefined) parts.push(`${counters.kernelGBps.toPrecision(3)} GB/s`)
    if (counters.dispatches !== undefined) parts.push(`${counters.dispatches} dispatch(es)`)
    lines.push(`  ${row.challenge} ${row.solution} (${largest.name}): ${parts.join(', ')}`)
  }
  return lines
}

/** `GPU kernel 7.7 ms, 0.14 GFLOP/s, 0.55 GB/s, 2 dispatch(es) on gpu:swiftshader`, or undefined without GPU kernels. */
export function kernelSummary(
  counters: Record<string, number> | undefined,
  runnerClass: string,
): string | undefined {
  if (counters?.kernelNs === undefined) return undefined
  const parts = [`GPU kernel ${formatNs(counters.kernelNs)}`]
  if (counters.kernelGflops !== undefined) parts.push(`${counters.kernelGflops.toPrecision(3)} GFLOP/s`)
  if (counters.kernelGBps !== undefined) parts.push(`${counters.kernelGBps.toPrecision(3)} GB/s`)
  if (counters.dispatches !== undefined) parts.push(`${counters.dispatches} dispatch(es)`)
  return `${parts.join(', ')} on ${runnerClass}`
}
