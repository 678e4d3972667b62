// The queue adapters side by side: overhead per job (enqueue -> claim -> complete, in one process) for
// SQLite and BullMQ on a real redis-server, then grading throughput through each with 1, 2 and 3
// runner processes on this machine. Ratios are against the SQLite adapter in the same run.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { loadPack } from '@arena/packs'
import { BullQueue, type GradeJobPayload, gradeJobId, type JobQueue, SqliteQueue } from '@arena/queue'
import { type RedisServer, startRedisServer } from '../../packages/queue/src/testing/redisServer.ts'
import { type BenchSection, summarize } from './section.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RUNNER_MAIN = path.join(ROOT, 'apps/runner/src/main.ts')
const FIXTURE_PACKS = path.join(ROOT, 'tests/fixtures/packs')
const TSX = createRequire(import.meta.url).resolve('tsx')
const OVERHEAD_JOBS = 500
const LATENCY_ROUNDS = 200
const GRADED_JOBS = 150
const SOURCE = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let i = 0; i < input.length; i++) sum += input[i]!
  return sum
}`

type Adapter = 'sqlite' | 'bullmq'

interface Setup {
  dir: string
  redis: RedisServer
  run: number
}

function openQueue(adapter: Adapter, setup: Setup, name: string): JobQueue<unknown, unknown> {
  return adapter === 'sqlite'
    ? new SqliteQueue({ file: path.join(setup.dir, `${name}.sqlite`) })
    : new BullQueue({ url: setup.redis.url, prefix: `bench-${name}` })
}

/** Per job: enqueue alone, claim + complete alone (batches), and one job's enqueue -> claim latency. */
async function overhead(adapter: Adapter, setup: Setup, log: (line: string) => void) {
  const queue = openQueue(adapter, setup, `overhead-${adapter}-${setup.run++}`)
  try {
    let started = performance.now()
    for (let n = 0; n < OVERHEAD_JOBS; n++)
      await queue.enqueue({ id: `job-${n}`, runnerClass: 'cpu', payload: { n } })
    const enqueueUs = ((performance.now() - started) / OVERHEAD_JOBS) * 1000
    started = performance.now()
    for (let n = 0; n < OVERHEAD_JOBS; n++) {
      const claimed = await queue.claim('cpu', 'bench', 30_000)
      if (!claimed) throw new Error('a job went missing')
      await queue.complete(claimed.lease, n)
    }
    const claimCompleteUs = ((performance.now() - started) / OVERHEAD_JOBS) * 1000
    const latencies: number[] = []
    for (let n = 0; n < LATENCY_ROUNDS; n++) {
      const begin = performance.now()
      await queue.enqueue({ id: `latency-${n}`, runnerClass: 'cpu', payload: { n } })
      const claimed = await queue.claim('cpu', 'bench', 30_000)
      latencies.push((performance.now() - begin) * 1000)
      if (claimed) await queue.complete(claimed.lease, n)
    }
    const latency = summarize(latencies)
    log(
      `${adapter}: enqueue ${enqueueUs.toFixed(0)} µs/job; claim + complete ${claimCompleteUs.toFixed(0)} µs/job; enqueue -> claim ${latency.median.toFixed(0)} µs median (${LATENCY_ROUNDS} rounds)`,
    )
    return { enqueueUs, claimCompleteUs, enqueueToClaimUs: latency }
  } finally {
    await queue.close()
  }
}

function startRunners(count: number, queueArgs: string[]): ChildProcess[] {
  return Array.from({ length: count }, (_, index) =>
    spawn(
      process.execPath,
      [
        '--no-node-snapshot',
        '--import',
        TSX,
        RUNNER_MAIN,
        ...queueArgs,
        '--challenges',
        FIXTURE_PACKS,
        '--idle-ms',
        '20',
        '--lease-ms',
        '10000',
        '--name',
        `bench-${index}`,
      ],
      { cwd: ROOT, stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } },
    ),
  )
}

async function stopRunners(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }),
  )
}

/** GRADED_JOBS samples gradings of the fixture through the queue with `runners` runner processes. */
async function throughput(adapter: Adapter, runners: number, setup: Setup, packHash: string) {
  const file = path.join(setup.dir, `graded-${runners}-${setup.run++}.sqlite`)
  // The runners' BullMQ queue has the default key prefix: Redis is flushed before each run.
  const runnerQueue: JobQueue<GradeJobPayload, unknown> =
    adapter === 'sqlite' ? new SqliteQueue({ file }) : new BullQueue({ url: setup.redis.url })
  const args = adapter === 'sqlite' ? ['--db', file] : ['--redis', setup.redis.url]
  const children = startRunners(runners, args)
  try {
    // Warm: every runner has reported in before the clock starts.
    for (let waited = 0; (await runnerQueue.runners()).filter((r) => r.online).length < runners; waited++) {
      if (waited > 600) throw new Error('the runners did not start')
      await sleep(100)
    }
    const started = performance.now()
    for (let n = 0; n < GRADED_JOBS; n++) {
      await runnerQueue.enqueue({
        id: gradeJobId(n + 1),
        runnerClass: 'cpu',
        payload: {
          submissionId: n + 1,
          challengeId: 'fixture/sum-array',
          packId: 'fixture',
          slug: 'sum-array',
          packHash,
          source: SOURCE,
          mode: 'samples',
        },
      })
    }
    for (;;) {
      const counts = await runnerQueue.counts()
      if (counts.completed + counts.failed >= GRADED_JOBS) {
        const elapsedMs = performance.now() - started
        const finished = await runnerQueue.finished(GRADED_JOBS + 1)
        for (const job of finished) await runnerQueue.acknowledge(job.id)
        return {
          runners,
          jobs: GRADED_JOBS,
          failed: counts.failed,
          elapsedMs,
          perMinute: (GRADED_JOBS / elapsedMs) * 60_000,
        }
      }
      await sleep(20)
    }
  } finally {
    await stopRunners(children)
    await runnerQueue.close()
  }
}

export const queueSection: BenchSection = {
  name: 'queue',
  description:
    'queue overhead per job (SQLite vs BullMQ on redis-server), grading throughput with 1, 2, 3 runners through each (issue #8)',
  async run(log) {
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-bench-queue-'))
    // fsync once a second, as production Redis usually runs: with fsync on every write (the tests'
    // setting) this machine's shared disk, not the queue, would be what is measured.
    const redis = await startRedisServer({ fsync: 'everysec' })
    const setup: Setup = { dir, redis, run: 0 }
    try {
      const sqlite = await overhead('sqlite', setup, log)
      const bullmq = await overhead('bullmq', setup, log)
      const ratios = {
        enqueue: bullmq.enqueueUs / sqlite.enqueueUs,
        claimComplete: bullmq.claimCompleteUs / sqlite.claimCompleteUs,
        enqueueToClaim: bullmq.enqueueToClaimUs.median / sqlite.enqueueToClaimUs.median,
      }
      log(
        `BullMQ / SQLite: enqueue ×${ratios.enqueue.toFixed(2)}, claim + complete ×${ratios.claimComplete.toFixed(2)}, enqueue -> claim ×${ratios.enqueueToClaim.toFixed(2)}`,
      )

      const packHash = (await loadPack(path.join(FIXTURE_PACKS, 'fixture'))).hash
      const graded: Record<Adapter, Awaited<ReturnType<typeof throughput>>[]> = { sqlite: [], bullmq: [] }
      for (const adapter of ['sqlite', 'bullmq'] as const) {
        for (const runners of [1, 2, 3]) {
          if (adapter === 'bullmq') await flushRedis(redis.url)
          const result = await throughput(adapter, runners, setup, packHash)
          graded[adapter].push(result)
          log(
            `${adapter}, ${runners} runner(s): ${GRADED_JOBS} gradings in ${(result.elapsedMs / 1000).toFixed(1)} s = ${result.perMinute.toFixed(0)}/min (×${(result.perMinute / graded[adapter][0]!.perMinute).toFixed(2)} of 1 runner); failed ${result.failed}`,
          )
        }
      }
      return { overhead: { sqlite, bullmq, ratios }, throughput: graded }
    } finally {
      await redis.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

async function flushRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis')
  const client = new Redis(url)
  await client.flushall()
  client.disconnect()
}
