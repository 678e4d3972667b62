import type { Submission, SubmissionTest } from '../api/types.ts'

/** The failing test a result shows first: a sample's (its input and output can be shown), else any. */
export function shownFailingTest(tests: readonly SubmissionTest[]): SubmissionTest | undefined {
  return (
    tests.find((test) => test.status !== 'Accepted' && test.kind === 'sample') ??
    tests.find((test) => test.status !== 'Accepted')
  )
}

export type VerdictHelpKey =
  | 'results.samplesPassed'
  | 'verdictHelp.Accepted'
  | 'verdictHelp.WrongAnswer'
  | 'verdictHelp.WrongAnswerHidden'
  | 'verdictHelp.WrongAnswerPlain'
  | 'verdictHelp.TimeLimit'
  | 'verdictHelp.MemoryLimit'
  | 'verdictHelp.RuntimeError'
  | 'verdictHelp.RuntimeErrorNoLine'
  | 'verdictHelp.CompileError'
  | 'verdictHelp.CompileErrorNoLine'
  | 'verdictHelp.InternalError'

/**
 * What to do about a verdict, saying only what the result shows: "compare the output below" only when
 * an output is shown (a hidden test shows none), "jump to the line" only when there is a line.
 */
export function verdictHelpKey(
  submission: Pick<Submission, 'verdict' | 'mode' | 'tests' | 'location'>,
): VerdictHelpKey | null {
  const { verdict } = submission
  switch (verdict) {
    case null:
    case undefined:
      return null
    case 'Accepted':
      return submission.mode === 'samples' ? 'results.samplesPassed' : 'verdictHelp.Accepted'
    case 'WrongAnswer': {
      const failing = shownFailingTest(submission.tests)
      if (failing && (failing.expected !== undefined || failing.actual !== undefined)) {
        return 'verdictHelp.WrongAnswer'
      }
      return failing && failing.kind !== 'sample'
        ? 'verdictHelp.WrongAnswerHidden'
        : 'verdictHelp.WrongAnswerPlain'
    }
    case 'RuntimeError':
      return submission.location ? 'verdictHelp.RuntimeError' : 'verdictHelp.RuntimeErrorNoLine'
    case 'CompileError':
      return submission.location ? 'verdictHelp.CompileError' : 'verdictHelp.CompileErrorNoLine'
    default:
      return `verdictHelp.${verdict}`
  }
}

/** Why a finished submission has no performance trial: a Run never times; a Submit only once it passes. */
export function noPerfHintKey(
  submission: Pick<Submission, 'verdict' | 'mode'>,
): 'report.noPerfHint' | 'report.noPerfHintFailed' | 'report.noPerfHintNone' {
  if (submission.mode === 'samples') return 'report.noPerfHint'
  return submission.verdict === 'Accepted' ? 'report.noPerfHintNone' : 'report.noPerfHintFailed'
}
