import type { Grader, ProgressEvent } from '@arena/grader'
import { toGradable } from '@arena/packs'
import type { GradeJobPayload } from '@arena/queue'
import type { PackVersions } from './PackVersions.ts'
import type { JobHandler } from './Runner.ts'

/** `grade` jobs: the submission graded on the exact pack version the job names. */
export function gradeHandler(grader: Grader, packs: PackVersions): JobHandler {
  return async (job, { signal, onProgress }) => {
    const payload = job.payload as GradeJobPayload
    const { pack, challenge } = await packs.challenge(payload.packId, payload.packHash, payload.slug)
    return grader.grade({
      challenge: toGradable(pack, challenge),
      source: payload.source,
      mode: payload.mode,
      onProgress: (event: ProgressEvent) => onProgress(event),
      signal,
    })
  }
}
