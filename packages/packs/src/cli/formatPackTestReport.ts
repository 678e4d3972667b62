import { MEMORY_HEADROOM, TIME_HEADROOM } from '../packTest/limitSuggestion.ts'
import { MIN_PARALLEL_SPEEDUP } from '../packTest/parallelSpeedup.ts'
import { MAX_REDUCER_SKEW, MAX_SHUFFLE_SHARE, type ShuffleLesson } from '../packTest/shuffleLesson.ts'
import type { PackTestReport, PackTestRow } from '../packTest/testPack.ts'
import { formatProblem } from '../problem.ts'
import type { Colors } from './colors.ts'
import { colorVerdict } from './formatGradeResult.ts'
import { inputLessonLines } from './formatInputLesson.ts'
import { kernelThroughputLines } from './formatKernelThroughput.ts'
import { formatBytes, formatNs, formatRatio, formatSpread } from './formatNumbers.ts'
import { renderTable } from './table.ts'

/** The table of `arena pack test`, then every failure with its file and reason. */
export function formatPackTestReport(report: PackTestReport, colors: Colors): string {
  const rows = report.rows.map((row) => [
    row.challenge,
    row.solution,
    colorVerdict(row.status, colors),
    row.expect === 'NotAccepted' ? 'not Accepted' : row.expect,
    ratioCell(row),
    row.rounds === undefined ? '' : String(row.rounds),
    row.spread === undefined ? '' : formatSpread(row.spread),
    row.ok ? colors.green('ok') : colors.red(colors.bold('FAIL')),
  ])
  const lines = [
    renderTable(
      ['challenge', 'solution', 'verdict', 'expected', 'ratio / speedup', 'rounds', 'spread', ''],
      rows,
    ),
  ]
  const parallel = report.rows.flatMap((row) => (row.parallel ? [[row, row.parallel] as const] : []))
  if (parallel.length > 0) lines.push('', colors.bold('Parallel speedup of the reference (largest case)'))
  for (const [row, speedup] of parallel) {
    if ('error' in speedup) {
      lines.push(`  ${row.challenge}: not measured: ${speedup.error}`)
      continue
    }
    const text =
      `  ${row.challenge}: ${formatNs(speedup.oneWorkerNs)} on 1 worker, ${formatNs(speedup.ns)} on ` +
      `${speedup.workers}: speedup ${formatRatio(speedup.speedup)}` +
      (speedup.interval
        ? ` (95%: ${formatRatio(speedup.interval[0])}-${formatRatio(speedup.interval[1])})`
        : '') +
      `, efficiency ${speedup.efficiency.toFixed(2)}`
    lines.push(
      speedup.speedup >= MIN_PARALLEL_SPEEDUP
        ? text
        : `${text} ${colors.yellow(`(below ${MIN_PARALLEL_SPEEDUP}×: are other processes using the cores?)`)}`,
    )
  }
  const shuffles = report.rows.flatMap((row) => (row.shuffle ? [[row, row.shuffle] as const] : []))
  if (shuffles.length > 0)
    lines.push('', colors.bold('Shuffle (mapreduce, dataset), baseline against reference (largest case)'))
  for (const [row, shuffle] of shuffles) lines.push(shuffleLine(row, shuffle, colors))
  lines.push(...inputLessonLines(report, colors))
  lines.push(...kernelThroughputLines(report, colors))
  const limits = report.limits ?? []
  if (limits.length > 0)
    lines.push(
      '',
      colors.bold(
        `Limits from measured times (${TIME_HEADROOM}× the slowest Accepted timed call, ${MEMORY_HEADROOM}× the highest peak)`,
      ),
    )
  for (const { challenge, suggested, set } of limits) {
    lines.push(
      `  ${challenge}: slowest ${suggested.slowest.solution} ${suggested.slowest.ms.toFixed(1)} ms, peak ${suggested.peak.mb.toFixed(1)} MB → ` +
        `suggested cpuMs ${suggested.cpuMs}, wallMs ${suggested.wallMs}, memoryMb ${suggested.memoryMb} ` +
        `(set: ${set.cpuMs}, ${set.wallMs}, ${set.memoryMb})`,
    )
  }
  const notes = report.rows.filter((row) => row.note)
  if (notes.length > 0) {
    lines.push('', colors.bold('Notes'))
    for (const row of notes) lines.push(`  ${row.file}: ${row.note}`)
  }
  if (report.warnings.length > 0) {
    lines.push('', colors.yellow(colors.bold('Warnings')))
    for (const warning of report.warnings) lines.push(`  ${warning.file}: ${warning.message}`)
  }
  const failures = report.rows.filter((row) => !row.ok)
  if (report.typeProblems.length > 0 || failures.length > 0) {
    lines.push('', colors.red(colors.bold('Failures')))
    for (const problem of report.typeProblems) lines.push(`  ${formatProblem(problem)}`)
    for (const row of failures) lines.push(`  ${row.file}: ${row.reason ?? row.status}`)
  }
  const count = report.rows.length
  lines.push(
    '',
    report.ok
      ? colors.green(`ok: ${report.pack}, ${count} gradings behaved as their roles demand`)
      : colors.red(`FAIL: ${report.pack}, ${failures.length + report.typeProblems.length} problem(s)`),
  )
  return lines.join('\n')
}

/** Largest perf case: the reference against itself, or how much faster the reference is than the baseline. */
function ratioCell(row: PackTestRow): string {
  if (row.ratio === undefined) return ''
  if (row.solution === 'baseline')
    return `${formatRatio(row.ratio)} (ref ${formatRatio(1 / row.ratio)} faster)`
  return formatRatio(row.ratio)
}

/**
 * One mapreduce or dataset challenge's lesson as numbers: shuffle bytes, the most loaded reducer (a
 * dataset's task) over the mean, and for a skew lesson the slowest reducer's time; flagged where the
 * reference misses the lesson.
 */
function shuffleLine(row: PackTestRow, shuffle: ShuffleLesson, colors: Colors): string {
  const written = shuffle.engine === 'dataset' ? 'shuffle written' : 'shuffle'
  const bytes =
    `${written} ${formatBytes(shuffle.baselineShuffleBytes)} → ${formatBytes(shuffle.referenceShuffleBytes)} ` +
    `(reference ${shuffle.share >= 0.01 || shuffle.share === 0 ? shuffle.share.toFixed(2) : shuffle.share.toPrecision(2)} of the baseline)`
  const hasSkew = shuffle.baselineSkew !== undefined && shuffle.referenceSkew !== undefined
  const loaded = shuffle.engine === 'dataset' ? 'max partition load' : 'max reducer load'
  const skew = hasSkew
    ? `${loaded} ${shuffle.baselineSkew?.toFixed(2)}× → ${shuffle.referenceSkew?.toFixed(2)}× the mean`
    : ''
  if (shuffle.lesson === 'skew') {
    const task = shuffle.engine === 'dataset' ? 'slowest tasks (per stage, summed)' : 'slowest reducer'
    const slowest =
      shuffle.baselineSlowestReduceNs !== undefined && shuffle.referenceSlowestReduceNs !== undefined
        ? `; ${task} ${formatNs(shuffle.baselineSlowestReduceNs)} → ${formatNs(shuffle.referenceSlowestReduceNs)}`
        : ''
    const text = `  ${row.challenge}: ${skew || `no ${loaded.slice(4)} reported`}${slowest}; ${bytes}`
    const limit =
      shuffle.maxSkew !== undefined ? `perf.maxPartitionSkew ${shuffle.maxSkew}×` : `${MAX_REDUCER_SKEW}×`
    if (!shuffle.problem) return `${text} ${colors.green(`(reference within ${limit} the mean)`)}`
    const baselineEven =
      shuffle.maxSkew !== undefined &&
      shuffle.referenceSkew !== undefined &&
      shuffle.referenceSkew <= shuffle.maxSkew
    return baselineEven
      ? `${text} ${colors.red(`(baseline within ${limit}: no skew to even out)`)}`
      : `${text} ${colors.red(`(reference above ${limit} the mean)`)}`
  }
  const text = `  ${row.challenge}: ${bytes}${skew ? `; ${skew}` : ''}`
  if (shuffle.maxShare !== undefined)
    return shuffle.problem
      ? `${text} ${colors.red(`(more than perf.maxShuffleShare ${shuffle.maxShare})`)}`
      : `${text} ${colors.green(`(within perf.maxShuffleShare ${shuffle.maxShare})`)}`
  return shuffle.share <= MAX_SHUFFLE_SHARE
    ? text
    : `${text} ${colors.yellow(`(more than ${MAX_SHUFFLE_SHARE} of the baseline)`)}`
}
