import { type ArenaDb, findPackTest, insertPackTest, type PackTestRecord, updatePackTest } from '@arena/db'
import type { JobQueue, Unsubscribe } from '@arena/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { PackTestProgress, PackTestView } from '../api/authoringTypes.ts'
import type { GradeQueue } from '../grading/gradeQueue.ts'
import { AsyncChannel } from '../util/AsyncChannel.ts'
import {
  type PackTestJobPayload,
  type PackTestJobResult,
  type PackTestRunnerEvent,
  packTestJobId,
} from './packTestTypes.ts'

type PackTestQueue = JobQueue<PackTestJobPayload, PackTestJobResult, PackTestRunnerEvent>

/**
 * `arena pack test` on the runners: a test is a row (pack_tests) plus a queue job of kind `pack-test`.
 * The job's outcome is copied into the row once it finishes, by a watcher started with the job, or
 * by `settle` when the row is read later (after a restart the watcher is gone; the queue kept it).
 */
export class PackTests {
  private readonly queue: PackTestQueue
  private readonly following = new Map<number, Unsubscribe>()

  constructor(
    private readonly db: ArenaDb,
    queue: GradeQueue,
    private readonly runnerClass: string,
    private readonly log: FastifyBaseLogger,
  ) {
    // The same queue carries both kinds of job; runners and the result collector tell them apart.
    this.queue = queue as unknown as PackTestQueue
  }

  async start(input: { packId: string; hash: string; userId: number }): Promise<PackTestRecord> {
    const test = insertPackTest(this.db, input)
    await this.queue.enqueue({
      id: packTestJobId(test.id),
      runnerClass: this.runnerClass,
      payload: { kind: 'pack-test', testId: test.id, packId: input.packId, packHash: input.hash },
      // One attempt more than a grading: a pack test is long, and a runner restart should not lose it.
      maxAttempts: 3,
    })
    this.follow(test.id)
    return test
  }

  /** The test as stored, after copying a finished job's outcome into it. */
  async settle(test: PackTestRecord): Promise<PackTestRecord> {
    if (test.status === 'done' || test.status === 'failed') return test
    const job = await this.queue.get(packTestJobId(test.id))
    if (!job) {
      updatePackTest(this.db, test.id, {
        status: 'failed',
        error: 'The test job is gone; test the pack again.',
      })
    } else if (job.state === 'completed' && job.result) {
      updatePackTest(this.db, test.id, {
        status: 'done',
        ok: job.result.report.ok,
        report: job.result as unknown as Record<string, unknown>,
      })
    } else if (job.state === 'failed' || job.state === 'completed') {
      updatePackTest(this.db, test.id, {
        status: 'failed',
        error: job.error ?? 'The runner gave no report.',
      })
    } else if (job.state === 'running' && test.status === 'queued') {
      updatePackTest(this.db, test.id, { status: 'running' })
    }
    return findPackTest(this.db, test.id) ?? test
  }

  async view(test: PackTestRecord): Promise<PackTestView> {
    return testView(await this.settle(test))
  }

  /** Live progress: where the test stands, the runner's events, and `done` with the stored result. */
  async *progress(testId: number, signal: AbortSignal | undefined): AsyncGenerator<PackTestProgress> {
    const channel = new AsyncChannel<PackTestProgress>(signal)
    const jobId = packTestJobId(testId)
    let finished = false
    const finish = async () => {
      if (finished) return
      finished = true
      const test = findPackTest(this.db, testId)
      if (test) channel.push({ type: 'done', test: await this.view(test) })
      channel.close()
    }
    const stop = this.queue.watch(jobId, (event) => {
      if (event.type === 'progress') channel.push(event.event)
      else if (event.state === 'queued') {
        void this.queue.ahead(jobId).then((ahead) => channel.push({ type: 'queued', ahead }))
      } else if (event.state === 'running') channel.push({ type: 'running' })
      else void finish()
    })
    try {
      const test = findPackTest(this.db, testId)
      const job = await this.queue.get(jobId)
      // Finished, or its job is gone (settle marks it failed): nothing more will come.
      if (!test || test.status === 'done' || test.status === 'failed' || !job) void finish()
      yield* channel
    } finally {
      stop()
    }
  }

  private follow(testId: number): void {
    if (this.following.has(testId)) return
    const jobId = packTestJobId(testId)
    const stop = this.queue.watch(jobId, (event) => {
      if (event.type !== 'state') return
      const test = findPackTest(this.db, testId)
      if (!test) return
      void this.settle(test).then(
        (settled) => {
          if (settled.status === 'done' || settled.status === 'failed') {
            this.following.get(testId)?.()
            this.following.delete(testId)
            this.log.info({ testId, ok: settled.ok, status: settled.status }, 'pack tested')
          }
        },
        (error) => this.log.error({ err: error, testId }, 'storing a pack test failed'),
      )
    })
    this.following.set(testId, stop)
  }

  close(): void {
    for (const stop of this.following.values()) stop()
    this.following.clear()
  }
}

export function testView(test: PackTestRecord): PackTestView {
  const result = test.report as unknown as PackTestJobResult | null
  return {
    id: test.id,
    hash: test.hash,
    status: test.status,
    ok: test.ok,
    report: result?.report ?? null,
    text: result?.text ?? null,
    error: test.error,
    createdAt: test.createdAt.toISOString(),
    finishedAt: test.finishedAt?.toISOString() ?? null,
  }
}

const services = new WeakMap<ArenaDb, PackTests>()

/** One PackTests per server (keyed by its database connection). */
export function packTestsOf(ctx: {
  db: ArenaDb
  queue: GradeQueue
  config: { runnerClass: string }
  log: FastifyBaseLogger
}): PackTests {
  let tests = services.get(ctx.db)
  if (!tests) {
    tests = new PackTests(ctx.db, ctx.queue, ctx.config.runnerClass, ctx.log)
    services.set(ctx.db, tests)
  }
  return tests
}
