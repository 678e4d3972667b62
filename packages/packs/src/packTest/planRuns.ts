import type { GradeMode, Verdict } from '@arena/grader'
import type { Challenge } from '../types.ts'
import { OUTPUT_PROBES, probeSource } from './outputProbes.ts'

export type RunRole = 'reference' | 'baseline' | 'starter' | 'wrong' | 'slow' | 'probe'

/** One grading `arena pack test` does, and what the solution's role demands of its result. */
export interface PlannedRun {
  role: RunRole
  /** `reference`, `baseline`, `starter`, `wrong/<name>`, `slow/<name>` or `probe/<name>`. */
  solution: string
  /** Absolute path (a probe's is tests.ts: what a probe tests is the check). */
  file: string
  source: string
  mode: GradeMode
  /** A verdict, or `NotAccepted` for anything but Accepted. */
  expect: Verdict | 'NotAccepted'
  /** A probe's output, as its failure names it. */
  probe?: string
}

/**
 * The harness self-test of one challenge: reference and baseline in full (both must pass, and the
 * trial gives the baseline's speed), then starter and wrong solutions on the tests only, then each
 * slow solution in full (Accepted, below gold), then the output probes on the samples (rejected,
 * never a fault of the check).
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
        mode: wrong.perfTrial ? 'full' : 'tests',
        expect: wrong.expect ?? 'NotAccepted',
      }),
    ),
    ...challenge.slowSolutions.map(
      (slow): PlannedRun => ({
        role: 'slow',
        solution: `slow/${slow.name}`,
        file: slow.file,
        source: slow.source,
        mode: 'full',
        expect: 'Accepted',
      }),
    ),
    ...OUTPUT_PROBES.map(
      (probe): PlannedRun => ({
        role: 'probe',
        solution: `probe/${probe.name}`,
        file: files.tests,
        source: probeSource(probe, challenge.config.entry),
        mode: 'samples',
        expect: 'NotAccepted',
        probe: probe.what,
      }),
    ),
  ]
}
