// @arena/queue: the job queue between the server and the runners, with leases and progress events.

export { BullQueue, type BullQueueOptions } from './bullmq/BullQueue.ts'
export { type GradeJobPayload, gradeJobId, jobKindOf, RUN_PRIORITY, SUBMIT_PRIORITY } from './gradeJob.ts'
export type {
  ClaimedJob,
  ClaimOptions,
  CompleteOutcome,
  JobCounts,
  JobEvent,
  JobInfo,
  JobProgress,
  JobQueue,
  JobSpec,
  JobState,
  Lease,
  QueueSignal,
  RunnerBeat,
  RunnerStatus,
  Unsubscribe,
} from './JobQueue.ts'
export { OFFLINE_AFTER_BEATS } from './JobQueue.ts'
export { claimableJobClasses, runnerTakes } from './runnerClass.ts'
export { QUEUE_SCHEMA_VERSION } from './sqlite/queueTables.ts'
export { SqliteQueue, type SqliteQueueOptions } from './sqlite/SqliteQueue.ts'
