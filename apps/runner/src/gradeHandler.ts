import { type Grader, gradeAsPublished, type ProgressEvent } from '@arena/grader'
import { readGradeResult } from '@arena/grader/result'
import { toGradable } from '@arena/packs'
import type { GradeJobPayload } from '@arena/queue'
import type { PackVersions } from './PackVersions.ts'
import type { JobHandler } from './Runner.ts'

/** The grader returned a result outside the grade result contract: a fault of this release, not of the code. */
export class ResultContractError extends Error {
  readonly code = 'ARENA_RESULT_CONTRACT'
  constructor(problem: string) {
    super(`The grader's result does not match the grade result contract (${problem}).`)
    this.name = 'ResultContractError'
  }
}

/** `grade` jobs: the submission graded on the exact pack version the job names. */
export function gradeHandler(grader: Grader, packs: PackVersions): JobHandler {
  return async (job, { signal, onProgress, log }) => {
    const payload = job.payload as GradeJobPayload
    const { pack, challenge } = await packs.challenge(payload.packId, payload.packHash, payload.slug)
    // A measurement too noisy to rank is graded once more, pooling the first trial's rounds; boards
    // show a still-noisy score with a mark, ratings leave it out.
    const { result } = await gradeAsPublished(
      grader,
      {
        challenge: toGradable(pack, challenge),
        source: payload.source,
        mode: payload.mode,
        onProgress: (event: ProgressEvent) => onProgress(event),
        signal,
      },
      (first) => log.warn({ tierNote: first.perf?.tierNote }, 'noisy measurement: graded once more'),
    )
    // Sent only as the contract's shape: the server reads it against the same schema.
    const read = readGradeResult(result)
    if (!read.ok) throw new ResultContractError(read.problem)
    return read.result
  }
}
