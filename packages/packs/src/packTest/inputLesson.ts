import type { PerfCaseResult } from '@arena/grader'

/** What a pushdown lesson's baseline and reference read of their input, on the largest perf case. */
export interface InputLesson {
  /** The dataset engine's `inputBytes`, summed over the call's stages, of each. */
  baselineInputBytes: number
  referenceInputBytes: number
  /** referenceInputBytes / baselineInputBytes */
  share: number
  /** The challenge's `perf.maxInputShare`: a share above it fails. */
  maxShare: number
  /** Columnar row groups read and skipped by statistics, of each (absent where no columnar file was read). */
  baselineRowGroupsRead?: number
  baselineRowGroupsSkipped?: number
  referenceRowGroupsRead?: number
  referenceRowGroupsSkipped?: number
  /** Why the reference misses the lesson: `arena pack test` fails on it. */
  problem?: string
}

/**
 * From the baseline's grading, whose perf cases time the baseline against the reference on the same
 * inputs: the bytes each read and the row groups each skipped, judged against the challenge's
 * `perf.maxInputShare` (column pruning and predicate pushdown: the reference must read at most that
 * share of the baseline's bytes, and skip at least one row group by its statistics). Undefined when
 * the challenge sets no `maxInputShare` or there is no perf case.
 */
export function inputLesson(largest: PerfCaseResult | undefined, maxShare?: number): InputLesson | undefined {
  if (maxShare === undefined || !largest) return undefined
  const baseline = largest.submission.counters ?? {}
  const reference = largest.reference.counters ?? {}
  const baselineBytes = baseline.inputBytes ?? 0
  const referenceBytes = reference.inputBytes ?? 0
  const lesson: InputLesson = {
    baselineInputBytes: baselineBytes,
    referenceInputBytes: referenceBytes,
    share: baselineBytes > 0 ? referenceBytes / baselineBytes : 1,
    maxShare,
    ...(baseline.rowGroupsRead !== undefined ? { baselineRowGroupsRead: baseline.rowGroupsRead } : {}),
    ...(baseline.rowGroupsSkipped !== undefined
      ? { baselineRowGroupsSkipped: baseline.rowGroupsSkipped }
      : {}),
    ...(reference.rowGroupsRead !== undefined ? { referenceRowGroupsRead: reference.rowGroupsRead } : {}),
    ...(reference.rowGroupsSkipped !== undefined
      ? { referenceRowGroupsSkipped: reference.rowGroupsSkipped }
      : {}),
  }
  if (reference.inputBytes === undefined || baseline.inputBytes === undefined)
    lesson.problem =
      'the reference or the baseline reported no inputBytes counter (does the challenge grant dataset?)'
  else if (lesson.share > maxShare)
    lesson.problem = `the reference read ${referenceBytes} bytes, ${lesson.share.toFixed(2)} of the baseline's ${baselineBytes}, more than perf.maxInputShare ${maxShare}: it does not prune columns and push predicates down as the challenge teaches`
  else if (!(reference.rowGroupsSkipped !== undefined && reference.rowGroupsSkipped > 0))
    lesson.problem =
      "the reference skipped no row group by its statistics (rowGroupsSkipped 0): a pushdown lesson needs a `where` that the file's min/max rule out for some groups (sort or cluster the file by the predicate's column)"
  return lesson
}
