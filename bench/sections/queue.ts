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
import { createGrader } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import {
  BullQueue,
  type GradeJobPayload,
  gradeJobId,
  type JobQueue,
  RUN_PRIORITY,
  SqliteQueue,
  SUBMIT_PRIORITY,
} from '@arena/queue'
import { PackVersions } from '../../apps/runner/src/PackVersions.ts'
import { type RedisServer, startRedisServer } from '../../packages/queue/src/testing/redisServer.ts'
import { type BenchSection, summarize } from './section.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RUNNER_MAIN = path.join(ROOT, 'apps/runner/src/main.ts')
const FIXTURE_PACKS = path.join(ROOT, 'tests/fixtures/packs')
const TSX = createRequire(import.meta.url).resolve('tsx')
const OVERHEAD_JOBS = 500
const LATENCY_ROUNDS = 200
const GRADED_JOBS = 150
const IDLE_RUNS = 30
const RUNS_UNDER_LOAD = 20
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

function startRunners(count: number, queueArgs: string[], ipc = false): ChildProcess[] {
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
      {
        cwd: ROOT,
        // With an IPC channel, as the server starts its runners: wakes and `finished` words over it.
        stdio: ipc ? ['ignore', 'ignore', 'ignore', 'ipc'] : 'ignore',
        env: { ...process.env, LOG_LEVEL: 'warn' },
      },
    ),
  )
}

/** summarize() plus the 95th percentile (nearest rank): a Run's target is a p95. */
function withP95(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    ...summarize(values),
    p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] as number,
  }
}

function gradePayload(n: number, packHash: string, mode: 'samples' | 'full'): GradeJobPayload {
  return {
    submissionId: n,
    challengeId: 'fixture/sum-array',
    packId: 'fixture',
    slug: 'sum-array',
    packHash,
    source: SOURCE,
    mode,
  }
}

/** The grader alone, in this process: a sample Run's median (what the queue adds is measured against it). */
async function inProcessRunMs(packHash: string): Promise<number> {
  const grader = createGrader({ workers: 1 })
  try {
    const { pack, challenge } = await new PackVersions(FIXTURE_PACKS, undefined).challenge(
      'fixture',
      packHash,
      'sum-array',
    )
    const times: number[] = []
    for (let n = 0; n < IDLE_RUNS + 3; n++) {
      const started = performance.now()
      await grader.grade({ challenge: toGradable(pack, challenge), source: SOURCE, mode: 'samples' })
      if (n >= 3) times.push(performance.now() - started)
    }
    return summarize(times).median
  } finally {
    await grader.close()
  }
}

/**
 * Runner processes as the server keeps them: a job enqueued wakes them (IPC, as RunnerSupervisor
 * does), a finished job is pushed back (their IPC word for SQLite, the queue's signal for BullMQ),
 * and `verdict(id)` resolves when that push arrives.
 */
async function pushedRunners(adapter: Adapter, runners: number, setup: Setup) {
  const file = path.join(setup.dir, `latency-${runners}-${setup.run++}.sqlite`)
  if (adapter === 'bullmq') await flushRedis(setup.redis.url)
  const queue: JobQueue<GradeJobPayload, unknown> =
    adapter === 'sqlite' ? new SqliteQueue({ file }) : new BullQueue({ url: setup.redis.url })
  const children = startRunners(
    runners,
    adapter === 'sqlite' ? ['--db', file] : ['--redis', setup.redis.url],
    true,
  )
  const waiting = new Map<string, () => void>()
  const finished = (id: string) => {
    waiting.get(id)?.()
    waiting.delete(id)
  }
  for (const child of children)
    child.on('message', (message: { type?: string; jobId?: string }) => {
      if (message.type === 'finished' && message.jobId) finished(message.jobId)
    })
  const stopSignals = queue.onSignal((signal) => {
    if (signal.type === 'finished') finished(signal.id)
  })
  for (let waited = 0; (await queue.runners()).filter((r) => r.online).length < runners; waited++) {
    if (waited > 600) throw new Error('the runners did not start')
    await sleep(100)
  }
  const enqueue = async (id: string, payload: GradeJobPayload, priority: number) => {
    const done = new Promise<void>((resolve) => waiting.set(id, resolve))
    await queue.enqueue({ id, runnerClass: 'cpu', payload, priority })
    for (const child of children) if (child.connected) child.send({ type: 'wake' })
    return done
  }
  const close = async () => {
    stopSignals()
    await stopRunners(children)
    await queue.close()
  }
  return { queue, enqueue, close }
}

/** Submit-to-verdict of sample Runs, one at a time on an idle runner (the learner's Run button). */
async function idleRunLatency(adapter: Adapter, setup: Setup, packHash: string) {
  const runners = await pushedRunners(adapter, 1, setup)
  try {
    const times: number[] = []
    for (let n = 0; n < IDLE_RUNS + 3; n++) {
      const started = performance.now()
      await runners.enqueue(gradeJobId(n + 1), gradePayload(n + 1, packHash, 'samples'), RUN_PRIORITY)
      if (n >= 3) times.push(performance.now() - started)
    }
    return withP95(times)
  } finally {
    await runners.close()
  }
}

/** Sample Runs, one after another, while a burst of full Submits grades on `runnerCount` runners. */
async function runLatencyUnderSubmits(
  adapter: Adapter,
  runnerCount: number,
  submits: number,
  setup: Setup,
  packHash: string,
) {
  const runners = await pushedRunners(adapter, runnerCount, setup)
  try {
    const submitted = Array.from({ length: submits }, (_, n) =>
      runners.enqueue(gradeJobId(1000 + n), gradePayload(1000 + n, packHash, 'full'), SUBMIT_PRIORITY),
    )
    let submitsDone = 0
    for (const each of submitted) void each.then(() => submitsDone++)
    await sleep(300) // the Submits hold the runners' slots
    // One Run per runner at once, untimed apart: the first Run in a lane meets its sandbox child cold
    // (the pool starts children lazily), which a learner meets once per runner start.
    const coldStarted = performance.now()
    await Promise.all(
      Array.from({ length: runnerCount }, (_, n) =>
        runners.enqueue(gradeJobId(500 + n), gradePayload(500 + n, packHash, 'samples'), RUN_PRIORITY),
      ),
    )
    const coldLaneMs = performance.now() - coldStarted
    const times: number[] = []
    for (let n = 0; n < RUNS_UNDER_LOAD; n++) {
      const started = performance.now()
      await runners.enqueue(gradeJobId(n + 1), gradePayload(n + 1, packHash, 'samples'), RUN_PRIORITY)
      times.push(performance.now() - started)
      await sleep(100)
    }
    const submitsDoneDuringRuns = submitsDone
    await Promise.all(submitted)
    // Which Runs were slow: the first on a runner meets its lane's sandbox child cold.
    const slowest = times
      .map((ms, index) => ({ index, ms: Math.round(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3)
    return {
      ...withP95(times),
      coldLaneMs,
      slowest,
      submits,
      submitsDoneDuringRuns,
    }
  } finally {
    await runners.close()
  }
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
    'queue overhead per job (SQLite vs BullMQ on redis-server), Run submit-to-verdict idle and beside Submits (issue 17), grading throughput with 1, 2, 3 runners through each (issue #8)',
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
      const runs = await runLatencies(setup, packHash, log)
      if (process.env.BENCH_QUEUE_RUNS_ONLY) return { overhead: { sqlite, bullmq, ratios }, runs }
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
      return { overhead: { sqlite, bullmq, ratios }, runs, throughput: graded }
    } finally {
      await redis.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

/** Issue 17, points 1-2: what a Run costs through the queue, idle and beside Submits. */
async function runLatencies(setup: Setup, packHash: string, log: (line: string) => void) {
  const graderMs = await inProcessRunMs(packHash)
  log(`sample Run in the grader alone (in-process): ${graderMs.toFixed(1)} ms median`)
  const idle: Record<string, unknown> = {}
  for (const adapter of ['sqlite', 'bullmq'] as const) {
    const latency = await idleRunLatency(adapter, setup, packHash)
    idle[adapter] = { ...latency, overheadMs: latency.median - graderMs }
    log(
      `${adapter}, idle runner: Run submit-to-verdict ${latency.median.toFixed(1)} ms median (p95 ${latency.p95.toFixed(1)}): overhead over the grader ${(latency.median - graderMs).toFixed(1)} ms`,
    )
  }
  const oneRunner = await runLatencyUnderSubmits('sqlite', 1, 3, setup, packHash)
  log(
    `sqlite, 1 runner grading 3 Submits: Run p95 ${oneRunner.p95.toFixed(0)} ms (median ${oneRunner.median.toFixed(0)}; ${oneRunner.submitsDoneDuringRuns}/3 Submits done meanwhile); cold lane's first Run ${oneRunner.coldLaneMs.toFixed(0)} ms; slowest ${JSON.stringify(oneRunner.slowest)}`,
  )
  const fleet = await runLatencyUnderSubmits('bullmq', 2, 10, setup, packHash)
  log(
    `bullmq, fleet of 2 runners under a burst of 10 Submits: Run p95 ${fleet.p95.toFixed(0)} ms (median ${fleet.median.toFixed(0)}; ${fleet.submitsDoneDuringRuns}/10 Submits done meanwhile); cold lanes' first Runs ${fleet.coldLaneMs.toFixed(0)} ms; slowest ${JSON.stringify(fleet.slowest)}`,
  )
  return { graderMs, idle, oneRunner, fleet }
}

async function flushRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis')
  const client = new Redis(url)
  await client.flushall()
  client.disconnect()
}
