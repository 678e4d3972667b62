// @arena/queue: the job queue between the server and the runners, with leases and progress events.

export { type GradeJobPayload, gradeJobId } from './gradeJob.ts'
export type {
  ClaimedJob,
  CompleteOutcome,
  JobCounts,
  JobEvent,
  JobInfo,
  JobProgress,
  JobQueue,
  JobSpec,
  JobState,
  Lease,
  Unsubscribe,
} from './JobQueue.ts'
export { QUEUE_SCHEMA_VERSION } from './sqlite/queueTables.ts'
export { SqliteQueue, type SqliteQueueOptions } from './sqlite/SqliteQueue.ts'
