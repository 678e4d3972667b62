import type { GradeResult, TestResult, Verdict } from '@arena/grader'
import { formatCaseSize } from '@arena/grader/result'
import type { Colors } from './colors.ts'
import { kernelSummary } from './formatKernelThroughput.ts'
import { formatBytes, formatNs, formatRatio, formatSpread } from './formatNumbers.ts'
import { renderTable } from './table.ts'

export function colorVerdict(status: Verdict, colors: Colors): string {
  if (status === 'Accepted') return colors.green(status)
  if (status === 'InternalError') return colors.magenta(status)
  return colors.red(status)
}

const TIER_COLOR = { gold: 'yellow', silver: 'white', bronze: 'red' } as const

/** The human report of `arena grade`: verdict, tests, performance, tier. `file` is the graded file as typed. */
export function formatGradeResult(result: GradeResult, file: string, colors: Colors): string {
  const lines: string[] = []
  lines.push(
    `${colors.bold(colorVerdict(result.status, colors))}  ${result.challenge}  ${colors.dim(`(${result.mode}, ${(result.durationMs / 1000).toFixed(1)} s)`)}`,
  )
  if (result.location) {
    // Compile messages may carry their own `name.ts:line:col:` prefix; show the path as typed instead.
    const message = (result.message ?? '').replace(/^[^\s:]+:\d+:\d+:\s*/, '')
    lines.push(`${colors.cyan(`${file}:${result.location.line}:${result.location.column}`)}: ${message}`)
  } else if (result.message) {
    lines.push(result.message)
  }

  if (result.tests.length > 0) {
    const passed = result.tests.filter((test) => test.status === 'Accepted').length
    lines.push('', colors.bold(`Tests: ${passed}/${result.tests.length} passed`))
    for (const test of result.tests) lines.push(...formatTest(test, colors))
  }

  const perf = result.perf
  if (perf) {
    lines.push(
      '',
      colors.bold('Performance'),
      colors.dim(
        `  ratio = reference time / your time (${perf.clock} clock; above 1 is faster than the reference), median over rounds`,
      ),
    )
    const rows = perf.cases.map((perfCase) => [
      perfCase.name,
      formatCaseSize(perfCase.size),
      formatRatio(perfCase.ratio),
      `[${perfCase.interval[0].toFixed(2)}, ${perfCase.interval[1].toFixed(2)}]`,
      formatSpread(perfCase.spread),
      String(perfCase.rounds),
      `${formatNs(perfCase.submission.medianNs)} vs ${formatNs(perfCase.reference.medianNs)}`,
      `${formatBytes(perfCase.submission.peakBytes)} vs ${formatBytes(perfCase.reference.peakBytes)} (${formatRatio(perfCase.memoryRatio)})`,
    ])
    const table = renderTable(
      [
        'case',
        'size',
        'ratio',
        '95% interval',
        'spread',
        'rounds',
        'time (you vs ref)',
        'peak memory (you vs ref)',
      ],
      rows,
    )
    lines.push(...table.split('\n').map((line) => `  ${line}`))
    for (const perfCase of perf.cases) {
      const counters = perfCase.submission.counters
      if (!counters) continue
      const reference = perfCase.reference.counters ?? {}
      const shown = Object.entries(counters).map(
        ([name, value]) => `${name} ${formatCount(value)} vs ${formatCount(reference[name])}`,
      )
      lines.push(
        colors.dim(`  ${perfCase.name} engine counters (you vs ref, timed call): ${shown.join(', ')}`),
      )
    }
    if (perf.score === undefined || !perf.tier) {
      lines.push(
        '',
        `${colors.yellow('No score')}: ${perf.note ?? 'this trial is not scored.'}  memory ${formatRatio(perf.memoryRatio)} the reference's`,
      )
    } else {
      const tier = colors[TIER_COLOR[perf.tier]](perf.tier)
      lines.push(
        '',
        `Score ${colors.bold(formatRatio(perf.score))} (geometric mean, each case capped at ${perf.cap}×)  tier ${colors.bold(tier)}  memory ${formatRatio(perf.memoryRatio)} the reference's`,
      )
    }
    const parallel = result.parallel
    if (parallel) {
      lines.push(
        `Scaling ${colors.bold(formatRatio(parallel.speedup))} on ${parallel.workers} workers against one [${parallel.interval[0].toFixed(2)}, ${parallel.interval[1].toFixed(2)}], efficiency ${Math.round(parallel.efficiency * 100)}% (${parallel.caseName})`,
      )
    }
  } else if (result.metrics) {
    lines.push(
      '',
      colors.dim(
        `Last run: ${formatNs(result.metrics.cpuNs)} cpu, peak ${formatBytes(result.metrics.peakBytes)}`,
      ),
    )
  }
  const kernel = kernelSummary(result.metrics?.counters, result.runner.class)
  if (kernel) lines.push(kernel)
  return lines.join('\n')
}

function formatTest(test: TestResult, colors: Colors): string[] {
  const ok = test.status === 'Accepted'
  const mark = ok ? colors.green('✓') : colors.red('✗')
  // Generated cases are named "generated #1 (size 10)" already.
  const kind = test.name.startsWith(test.kind) ? '' : `${colors.dim(test.kind)} `
  const head = `  ${mark} ${kind}${test.name}${ok ? '' : `: ${colorVerdict(test.status, colors)}`}`
  // Only samples carry details: hidden and generated cases show their name and verdict, nothing else.
  if (test.kind !== 'sample') return [head]
  const details: string[] = []
  if (!ok && test.message) details.push(test.message)
  if (test.input !== undefined) details.push(`${colors.dim('input:    ')}${test.input}`)
  if (!ok && test.expected !== undefined) details.push(`${colors.dim('expected: ')}${test.expected}`)
  if (!ok && test.actual !== undefined) details.push(`${colors.dim('actual:   ')}${test.actual}`)
  if (test.output) {
    const output = test.output.replace(/\n$/, '').split('\n')
    details.push(
      `${colors.dim('console:  ')}${output[0]}`,
      ...output.slice(1).map((line) => `          ${line}`),
    )
  }
  return [head, ...details.map((line) => `      ${line}`)]
}

function formatCount(value: number | undefined): string {
  if (value === undefined) return '–'
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)}G`
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)}k`
  return String(Math.round(value))
}
