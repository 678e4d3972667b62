import type { InputLesson } from '../packTest/inputLesson.ts'
import type { PackTestReport } from '../packTest/testPack.ts'
import type { Colors } from './colors.ts'
import { formatBytes } from './formatNumbers.ts'

/**
 * A pushdown lesson's numbers (challenges with `perf.maxInputShare`): the bytes the baseline and the
 * reference read on the largest case, the share, and the row groups each skipped by statistics.
 * Empty when no challenge set one.
 */
export function inputLessonLines(report: PackTestReport, colors: Colors): string[] {
  const rows = report.rows.flatMap((row) => (row.input ? [[row.challenge, row.input] as const] : []))
  if (rows.length === 0) return []
  return [
    '',
    colors.bold(
      'Input read (dataset: column pruning, predicate pushdown), baseline against reference (largest case)',
    ),
    ...rows.map(([challenge, lesson]) => inputLine(challenge, lesson, colors)),
  ]
}

function inputLine(challenge: string, lesson: InputLesson, colors: Colors): string {
  const share =
    lesson.share >= 0.01 || lesson.share === 0 ? lesson.share.toFixed(2) : lesson.share.toPrecision(2)
  const groups = (read?: number, skipped?: number) =>
    read === undefined || skipped === undefined ? 'no row groups' : `${skipped} of ${read + skipped}`
  const text =
    `  ${challenge}: input read ${formatBytes(lesson.baselineInputBytes)} → ${formatBytes(lesson.referenceInputBytes)} ` +
    `(reference ${share} of the baseline); row groups skipped ` +
    `${groups(lesson.baselineRowGroupsRead, lesson.baselineRowGroupsSkipped)} → ` +
    `${groups(lesson.referenceRowGroupsRead, lesson.referenceRowGroupsSkipped)}`
  if (!lesson.problem) return `${text} ${colors.green(`(within perf.maxInputShare ${lesson.maxShare})`)}`
  return lesson.share > lesson.maxShare
    ? `${text} ${colors.red(`(more than perf.maxInputShare ${lesson.maxShare})`)}`
    : `${text} ${colors.red('(the reference skips no row group)')}`
}
