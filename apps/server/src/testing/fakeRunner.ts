import { type GradeResult, type Tier, tierOf, type Verdict } from '@arena/grader'
import { type GradeJobPayload, gradeJobId, SqliteQueue } from '@arena/queue'
import type { ApiClient } from './ApiClient.ts'

export interface FakeGrade {
  verdict: Verdict
  tier?: Tier
  score?: number
  counters?: Record<string, number>
  /** An unscored trial (a GPU challenge on a software GPU): times, this note, no score and no tier. */
  unscored?: string
  /** How long the grading took: the queue records the claim this long before the completion (now). */
  tookMs?: number
}

/**
 * Stands in for a runner where a test needs results, not grading: claims the submission's job from the
 * real queue (the server's SQLite file) and completes it with the given verdict, like a runner would.
 */
export async function completeWith(dbFile: string, submissionId: number, grade: FakeGrade): Promise<void> {
  // The queue's clock stamps the claim (the submission's startedAt) and the completion (finishedAt).
  let clock = Date.now() - (grade.tookMs ?? 0)
  const queue = new SqliteQueue<GradeJobPayload, GradeResult, never>({
    file: dbFile,
    ...(grade.tookMs === undefined ? {} : { now: () => clock }),
  })
  try {
    for (let tries = 0; tries < 200; tries++) {
      const claimed = await queue.claim('cpu', 'fake:0', 30_000)
      if (!claimed) throw new Error(`no job to claim for submission ${submissionId}`)
      if (claimed.job.id !== gradeJobId(submissionId)) {
        await queue.release(claimed.lease)
        continue
      }
      clock += grade.tookMs ?? 0
      const accepted = grade.verdict === 'Accepted'
      const score = grade.score ?? 1
      // The grader's own rule, so a fake result never shows a tier its score could not earn.
      const tier = grade.tier ?? tierOf(score)
      await queue.complete(claimed.lease, {
        version: 1,
        challenge: claimed.job.payload.challengeId,
        packHash: '',
        mode: 'full',
        status: grade.verdict,
        ...(accepted ? {} : { message: 'fake verdict' }),
        tests: [],
        metrics: {
          cpuNs: 1,
          wallNs: 1,
          peakBytes: 1,
          ...(grade.counters ? { counters: grade.counters } : {}),
        },
        ...(accepted && grade.unscored !== undefined ? unscoredPerf(grade.unscored) : {}),
        ...(accepted && grade.unscored === undefined
          ? {
              perf: { clock: 'cpu', score, cap: 10, tier, memoryRatio: 1, cases: [] },
              tier,
            }
          : {}),
        runner: { class: 'cpu', host: 'test' },
        durationMs: 1,
      } as GradeResult)
      return
    }
  } finally {
    await queue.close()
  }
}

/** What the grader reports of a trial it times but does not score: one case's times and why. */
function unscoredPerf(note: string): Pick<GradeResult, 'perf' | 'message'> {
  const side = { medianNs: 2_000_000, peakBytes: 1 }
  return {
    message: note,
    perf: {
      clock: 'cpu',
      cap: 10,
      memoryRatio: 1,
      note,
      cases: [
        {
          name: 'n-1m',
          size: 1_000_000,
          ratio: 2.6,
          interval: [2.5, 2.7],
          spread: 0.02,
          rounds: 5,
          submission: side,
          reference: { ...side, medianNs: 5_200_000 },
          memoryRatio: 1,
        },
      ],
    },
  }
}

/** Submits `full`, completes it with the grade, and waits until the server stored the result. */
export async function submitGraded(
  client: ApiClient,
  dbFile: string,
  challengeId: string,
  grade: FakeGrade,
): Promise<number> {
  const created = await client.mutation<{ id: number }>('submission.create', {
    challengeId,
    source: 'export function solve(input: Float64Array): number { return 0 }',
    mode: 'full',
  })
  if (!created.ok) throw new Error(`submit failed: ${created.error.message}`)
  const id = created.data.id
  await completeWith(dbFile, id, grade)
  for (let tries = 0; tries < 200; tries++) {
    const detail = await client.query<{ status: string }>('submission.get', { id })
    if (detail.ok && detail.data.status === 'done') return id
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`submission ${id} was not stored`)
}
