import {
  type ArenaDb,
  findMetrics,
  listTestResults,
  type MetricsRow,
  type SubmissionWithVersion,
  type TestResultRow,
} from '@arena/db'
import type {
  Clock,
  ParallelScaling,
  PerfCaseResult,
  PerfResult,
  RunMetrics,
  TestResult,
  Tier,
  Verdict,
} from '@arena/grader'
import { gradeJobId } from '@arena/queue'
import type { SubmissionDetail, SubmissionStatus } from '../api/types.ts'
import { runnersOnlineFor } from '../runners/runnerAvailability.ts'
import type { GradeQueue } from './gradeQueue.ts'

/** A submission with its result, or where it stands in the queue while it has none. */
export async function submissionView(
  db: ArenaDb,
  queue: GradeQueue,
  { submission, packVersion }: SubmissionWithVersion,
): Promise<SubmissionDetail> {
  let status: SubmissionStatus = submission.status
  let attempt = submission.attempt
  let startedAt = submission.startedAt
  let queueAhead = 0
  let runnersOnline: number | undefined
  if (status !== 'done') {
    // The queue knows first: the database hears of a job only when its result is stored.
    const job = await queue.get(gradeJobId(submission.id))
    if (job?.state === 'running') {
      status = 'running'
      attempt = job.attempt
      startedAt = job.claimedAt
    } else if (job?.state === 'queued') {
      status = 'queued'
      queueAhead = await queue.ahead(job.id)
      runnersOnline = await runnersOnlineFor(queue, job.runnerClass)
    }
  }
  const metricsRow = status === 'done' ? findMetrics(db, submission.id) : undefined
  return {
    id: submission.id,
    challengeId: submission.challengeKey,
    mode: submission.mode,
    status,
    verdict: submission.verdict as Verdict | null,
    message: submission.message,
    location: submission.location ?? null,
    tests: status === 'done' ? listTestResults(db, submission.id).map(testResult) : [],
    metrics: metricsRow ? runMetrics(metricsRow) : null,
    perf: metricsRow ? perfResult(metricsRow, submission.tier as Tier | null) : null,
    ...(status === 'done' ? parallelScaling(submission.result) : {}),
    tier: submission.tier as Tier | null,
    score: submission.score,
    runnerClass: submission.runnerClass,
    attempt,
    queueAhead,
    ...(runnersOnline === undefined ? {} : { runnersOnline }),
    source: submission.source,
    packVersion: String(packVersion),
    packHash: submission.packHash,
    createdAt: submission.createdAt.toISOString(),
    startedAt: startedAt?.toISOString() ?? null,
    finishedAt: submission.finishedAt?.toISOString() ?? null,
  }
}

function testResult(row: TestResultRow): TestResult {
  const result: TestResult = { name: row.name, kind: row.kind, status: row.status as Verdict }
  if (row.message !== null) result.message = row.message
  if (row.input !== null) result.input = row.input
  if (row.expected !== null) result.expected = row.expected
  if (row.actual !== null) result.actual = row.actual
  if (row.output !== null) result.output = row.output
  if (row.cpuNs !== null && row.wallNs !== null && row.peakBytes !== null) {
    result.metrics = { cpuNs: row.cpuNs, wallNs: row.wallNs, peakBytes: row.peakBytes }
  }
  return result
}

function runMetrics(row: MetricsRow): RunMetrics | null {
  if (row.cpuNs === null || row.wallNs === null || row.peakBytes === null) return null
  return { cpuNs: row.cpuNs, wallNs: row.wallNs, peakBytes: row.peakBytes }
}

function perfResult(row: MetricsRow, tier: Tier | null): PerfResult | null {
  if (row.perfRatio === null || tier === null) return null
  return {
    clock: storedClock(row.clock),
    score: row.perfRatio,
    cap: row.cap ?? 0,
    tier,
    memoryRatio: row.memoryRatio ?? 0,
    cases: (row.cases ?? []) as PerfCaseResult[],
  }
}

function storedClock(clock: string | null): Clock {
  if (clock === 'wall' || clock?.startsWith('counter:')) return clock as Clock
  return 'cpu'
}

/** The stored GradeResult's scaling report, when its grading measured one. */
function parallelScaling(result: Record<string, unknown> | null): { parallel?: ParallelScaling } {
  const parallel = result?.parallel as ParallelScaling | undefined
  return parallel && typeof parallel.speedup === 'number' ? { parallel } : {}
}
