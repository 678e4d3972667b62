import type { GradeResult, ProgressEvent } from '@arena/grader'
import type { GradeJobPayload, JobQueue } from '@arena/queue'

/** The queue as the server and the runners use it: grade jobs in, GradeResults and progress out. */
export type GradeQueue = JobQueue<GradeJobPayload, GradeResult, ProgressEvent>
