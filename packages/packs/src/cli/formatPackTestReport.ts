import type { PackTestReport, PackTestRow } from '../packTest/testPack.ts'
import { formatProblem } from '../problem.ts'
import type { Colors } from './colors.ts'
import { colorVerdict } from './formatGradeResult.ts'
import { formatRatio, formatSpread } from './formatNumbers.ts'
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
