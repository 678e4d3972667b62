import type { Challenge } from '../types.ts'
import { grantsWorkers } from './parallelSpeedup.ts'

/**
 * Counter clocks that include all of the learner's CPU time of the call: the call's own CPU plus the
 * engine work it waits on (the mapreduce engine's `slowestReduceNs` is the critical path since issue
 * 14; the tensor engine's `opsAndCodeNs` is the code's CPU and the host's, ops included). A counter that leaves any of it out (the reducers' own time, kernels only) lets work move where
 * the clock does not look: into the entry function, into a token job.
 */
export const COUNTERS_WITH_CALL_CPU: readonly string[] = [
  'counter:criticalPathNs',
  'counter:slowestReduceNs',
  'counter:kernelAndCodeNs',
  'counter:opsAndCodeNs',
]

export interface LessonWarning {
  challenge: string
  /** As shown to the author: the challenge folder or its challenge.yaml. */
  file: string
  message: string
}

/**
 * What `pack test` cannot judge by grading but an author must answer for each challenge (issue 14's
 * classes): a route around the lesson that was tried, and a clock that sees all of the learner's work;
 * and what a learner gets after solving it (issue 18.3): an editorial.
 */
export function lessonWarnings(challenge: Challenge, shownDir: string): LessonWarning[] {
  const warnings: LessonWarning[] = []
  // A pool challenge's route around the lesson is the reference on one core: pack test measures it
  // (the parallel speedup), as a warning only, because a busy machine has no cores to give.
  const hasShortcut =
    challenge.slowSolutions.length > 0 ||
    challenge.wrongSolutions.some((wrong) => wrong.skipsLesson) ||
    grantsWorkers(challenge)
  if (!hasShortcut)
    warnings.push({
      challenge: challenge.id,
      file: shownDir,
      message:
        'no route around the lesson is tested: add the shortcut a learner would try (closed form, no engine, an in-memory route) as solutions/slow/*.ts (correct; must not reach gold) or as a wrong solution marked `// @skips-lesson` (must be rejected)',
    })
  if (challenge.files.editorial === undefined)
    warnings.push({
      challenge: challenge.id,
      file: `${shownDir}/editorial.md`,
      message:
        'no editorial: learners who solve the challenge see the reference with no explanation; write editorial.md (and editorial.ko.md): the idea, why it is faster, the measured numbers',
    })
  const clock = challenge.config.clock
  if (clock.startsWith('counter:') && !COUNTERS_WITH_CALL_CPU.includes(clock))
    warnings.push({
      challenge: challenge.id,
      file: `${shownDir}/challenge.yaml`,
      message: `clock: ${clock} does not count all of the learner's CPU time of the call (${COUNTERS_WITH_CALL_CPU.join(', ')} do): work moved into the entry function or into a token job is free; add a slow solution that tries it`,
    })
  return warnings
}
