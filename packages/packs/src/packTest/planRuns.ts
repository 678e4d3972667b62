import type { GradeMode, Verdict } from '@arena/grader'
import type { Challenge } from '../types.ts'

export type RunRole = 'reference' | 'baseline' | 'starter' | 'wrong'

/** One grading `arena pack test` does, and what the solution's role demands of its result. */
export interface PlannedRun {
  role: RunRole
  /** `reference`, `baseline`, `starter` or `wrong/<name>`. */
  solution: string
  /** Absolute path. */
  file: string
  source: string
  mode: GradeMode
  /** A verdict, or `NotAccepted` for anything but Accepted. */
  expect: Verdict | 'NotAccepted'
}

/**
 * The harness self-test of one challenge: reference and baseline in full (both must pass, and the
 * trial gives the baseline's speed), then starter and wrong solutions on the tests only.
 */
export function planRuns(challenge: Challenge): PlannedRun[] {
  const { files, sources } = challenge
  return [
    {
      role: 'reference',
      solution: 'reference',
      file: files.reference,
      source: sources.reference,
      mode: 'full',
      expect: 'Accepted',
    },
    {
      role: 'baseline',
      solution: 'baseline',
      file: files.baseline,
      source: sources.baseline,
      mode: 'full',
      expect: 'Accepted',
    },
    {
      role: 'starter',
      solution: 'starter',
      file: files.starter,
      source: sources.starter,
      mode: 'tests',
      expect: 'NotAccepted',
    },
    ...challenge.wrongSolutions.map(
      (wrong): PlannedRun => ({
        role: 'wrong',
        solution: `wrong/${wrong.name}`,
        file: wrong.file,
        source: wrong.source,
        mode: 'tests',
        expect: wrong.expect ?? 'NotAccepted',
      }),
    ),
  ]
}
