import {
  type ArenaDb,
  findMetrics,
  listTestResults,
  type MetricsRow,
  type SubmissionWithVersion,
  type TestResultRow,
} from '@arena/db'
import {
  type Clock,
  type GradeResult,
  type PerfCaseResult,
  type PerfResult,
  type RunMetrics,
  readGradeResult,
  type TestResult,
  type Tier,
  type Verdict,
} from '@arena/grader'
import { gradeJobId } from '@arena/queue'
import type { SubmissionDetail, SubmissionStatus } from '../api/types.ts'
import type { GradeQueue } from './gradeQueue.ts'
import { queuePosition } from './queuePosition.ts'

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
  let waitEstimateMs: number | null = null
  if (status !== 'done') {
    // The queue knows first: the database hears of a job only when its result is stored.
    const job = await queue.get(gradeJobId(submission.id))
    if (job?.state === 'running') {
      status = 'running'
      attempt = job.attempt
      startedAt = job.claimedAt
    } else if (job?.state === 'queued') {
      status = 'queued'
      const position = await queuePosition(db, queue, job)
      queueAhead = position.ahead
      runnersOnline = position.runnersOnline
      waitEstimateMs = position.waitEstimateMs
    }
  }
  const metricsRow = status === 'done' ? findMetrics(db, submission.id) : undefined
  // The stored result, read against its version's contract, carries what the rows do not (engine
  // counters, timelines, scaling); a row from before that, or of a shape no version reads, falls back
  // to the metrics columns.
  const stored = status === 'done' ? readStored(submission.result) : undefined
  return {
    id: submission.id,
    challengeId: submission.challengeKey,
    shared: submission.shared,
    mode: submission.mode,
    status,
    verdict: submission.verdict as Verdict | null,
    message: submission.message,
    ...koreanHeadline(stored),
    location: submission.location ?? null,
    tests:
      status === 'done'
        ? listTestResults(db, submission.id).map((row) => withKorean(testResult(row), stored))
        : [],
    metrics: stored?.metrics ?? (metricsRow ? runMetrics(metricsRow) : null),
    perf: stored?.perf ?? (metricsRow ? perfResult(metricsRow, submission.tier as Tier | null) : null),
    ...(stored?.parallel ? { parallel: stored.parallel } : {}),
    // Both sides as stored: the router holds the reference's back from those who may not read it.
    ...(stored?.profile ? { profile: stored.profile } : {}),
    tier: submission.tier as Tier | null,
    score: submission.score,
    runnerClass: submission.runnerClass,
    attempt,
    queueAhead,
    ...(runnersOnline === undefined ? {} : { runnersOnline }),
    waitEstimateMs,
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

/** The Korean headline kept in the stored result (it only ever repeats a sample's check message). */
function koreanHeadline(stored: GradeResult | undefined): { messageKo?: string } {
  return stored?.messageKo === undefined ? {} : { messageKo: stored.messageKo }
}

/**
 * A sample row with the Korean texts its check and `describe` gave, read from the stored result (the
 * rows' columns hold English only). Hidden rows never carry a challenge's words.
 */
function withKorean(row: TestResult, stored: GradeResult | undefined): TestResult {
  if (row.kind !== 'sample' || !stored) return row
  const same = stored.tests.find((test) => test.kind === 'sample' && test.name === row.name)
  if (same?.messageKo !== undefined && row.message !== undefined) row.messageKo = same.messageKo
  if (same?.inputKo !== undefined && row.input !== undefined) row.inputKo = same.inputKo
  return row
}

function runMetrics(row: MetricsRow): RunMetrics | null {
  if (row.cpuNs === null || row.wallNs === null || row.peakBytes === null) return null
  return { cpuNs: row.cpuNs, wallNs: row.wallNs, peakBytes: row.peakBytes }
}

function readStored(result: Record<string, unknown> | null): GradeResult | undefined {
  if (result === null) return undefined
  const read = readGradeResult(result)
  return read.ok ? read.result : undefined
}

/** A result stored before results were read whole: its perf from the metrics columns. */
function perfResult(row: MetricsRow, tier: Tier | null): PerfResult | null {
  const measured = {
    clock: storedClock(row.clock),
    cap: row.cap ?? 0,
    memoryRatio: row.memoryRatio ?? 0,
    cases: (row.cases ?? []) as PerfCaseResult[],
  }
  if (row.perfRatio !== null && tier !== null) return { ...measured, score: row.perfRatio, tier }
  return null
}

function storedClock(clock: string | null): Clock {
  if (clock === 'wall' || clock?.startsWith('counter:')) return clock as Clock
  return 'cpu'
}
