import { homedir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_DB_FILE } from '@arena/db'
import { detectGpuRunnerClass } from '@arena/engines'
import { createGrader } from '@arena/grader'
import { BullQueue, RUN_PRIORITY, SqliteQueue } from '@arena/queue'
import { pino } from 'pino'
import { gradeHandler } from './gradeHandler.ts'
import { PackVersions } from './PackVersions.ts'
import { packTestHandler } from './packTestHandler.ts'
import { Runner, type RunnerQueue } from './Runner.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The exit code of a `--gpu` runner on a machine without a GPU adapter: do not restart it. */
export const NO_GPU_EXIT_CODE = 3

export const USAGE = `Usage: npm run runner -- [options]

  --redis <url>           take jobs from a fleet's Redis (REDIS_URL); without it, the SQLite queue in --db
  --server <url>          the server to fetch pack versions from by hash (ARENA_SERVER_URL)
  --gpu                   a GPU runner: its class is gpu:<adapter> of this machine's GPU
  --class <class>         the runner class (default cpu; --gpu detects it)
  --concurrency <n>       jobs at once (default 1: timings on one machine disturb each other)
  --run-lane <on|off>     one more slot that takes only Runs, so a Run never waits behind a Submit (default on)
  --db <file>             SQLite queue (ARENA_DB_FILE, default db/arena.sqlite)
  --challenges <dir>      local packs (ARENA_CHALLENGES_DIR, default challenges/)
  --pack-store <dir>      the server's stored pack versions on this machine (ARENA_PACK_STORE)
  --pack-cache <dir>      where downloaded pack versions are kept (ARENA_PACK_CACHE)
  --lease-ms <n>          lease on a job, kept by heartbeats (ARENA_LEASE_MS, default 30000)
  --job-deadline-ms <n>   a job running longer is abandoned and retried elsewhere (default 600000)
  --name <name>           shown on the runners page (default runner)
  Environment: ARENA_RUNNER_TOKEN (the fleet's token for pack downloads), LOG_LEVEL.
`

/** Parses the command line, opens the queue and starts claiming; resolves to a stop function. */
export async function startRunner(argv: string[], env = process.env): Promise<() => Promise<void>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      class: { type: 'string' },
      gpu: { type: 'boolean' },
      redis: { type: 'string' },
      server: { type: 'string' },
      concurrency: { type: 'string' },
      'run-lane': { type: 'string' },
      db: { type: 'string' },
      challenges: { type: 'string' },
      'pack-store': { type: 'string' },
      'pack-cache': { type: 'string' },
      'lease-ms': { type: 'string' },
      'idle-ms': { type: 'string' },
      'job-deadline-ms': { type: 'string' },
      'stalled-interval-ms': { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    process.stdout.write(USAGE)
    process.exit(0)
  }
  const name = values.name ?? 'runner'
  const log = pino({ level: env.LOG_LEVEL ?? 'info' }).child({ runner: name })

  let runnerClass = values.class ?? 'cpu'
  if (values.gpu) {
    const detected = await detectGpuRunnerClass()
    if (detected.runnerClass === null) {
      log.error({ reason: detected.reason }, 'no GPU adapter on this machine: a --gpu runner cannot start')
      process.exit(NO_GPU_EXIT_CODE)
    }
    runnerClass = detected.runnerClass
  }

  const redisUrl = values.redis ?? env.REDIS_URL
  const dbFile = path.resolve(values.db ?? env.ARENA_DB_FILE ?? DEFAULT_DB_FILE)
  const challengesDir = path.resolve(
    values.challenges ?? env.ARENA_CHALLENGES_DIR ?? path.join(REPO_ROOT, 'challenges'),
  )
  const packStoreDir = path.resolve(
    values['pack-store'] ?? env.ARENA_PACK_STORE ?? path.join(path.dirname(dbFile), 'pack-versions'),
  )
  const serverUrl = values.server ?? env.ARENA_SERVER_URL
  const packCacheDir = path.resolve(
    values['pack-cache'] ?? env.ARENA_PACK_CACHE ?? path.join(homedir(), '.cache', 'arena-runner', 'packs'),
  )
  const leaseMs = positive('lease-ms', values['lease-ms'] ?? env.ARENA_LEASE_MS ?? '30000')
  // Only the slow fallback: enqueues wake idle slots (the queue's signals, the server's IPC).
  const idleMs = positive('idle-ms', values['idle-ms'] ?? '1000')
  const concurrency = positive('concurrency', values.concurrency ?? '1')
  const runLane = onOff('run-lane', values['run-lane'] ?? 'on')
  const jobDeadlineMs = positive('job-deadline-ms', values['job-deadline-ms'] ?? '600000')

  const onError = (error: unknown) => log.error({ err: error }, 'queue')
  const queue: RunnerQueue = redisUrl
    ? new BullQueue({
        url: redisUrl,
        onError,
        stalledIntervalMs: Number(values['stalled-interval-ms'] ?? Math.min(5000, leaseMs)),
      })
    : new SqliteQueue({ file: dbFile, onError })
  // The lane grades in a sandbox child of its own beside the slots' children.
  const grader = createGrader({ workers: concurrency + (runLane ? 1 : 0), runnerClass })
  const packs = new PackVersions(
    challengesDir,
    packStoreDir,
    serverUrl ? { serverUrl, token: env.ARENA_RUNNER_TOKEN, cacheDir: packCacheDir } : undefined,
  )
  const runner = new Runner({
    queue,
    // One handler per job kind; pack tests and re-grades add theirs here.
    handlers: { grade: gradeHandler(grader, packs), 'pack-test': packTestHandler(grader, packs) },
    runnerClass,
    name,
    leaseMs,
    idleMs,
    concurrency,
    ...(runLane ? { laneMinPriority: RUN_PRIORITY } : {}),
    onFinished: (jobId) => relayToServer({ type: 'finished', jobId }),
    jobDeadlineMs,
    log,
  }).start()
  // Started by the server (an IPC channel): it wakes us when it enqueues (the SQLite queue cannot
  // signal across processes), and we tell it when a job finished so it stores the result at once.
  const onServerMessage = (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === 'wake') runner.wake()
  }
  process.on('message', onServerMessage)
  log.info(
    { runnerClass, queue: redisUrl ? 'bullmq' : dbFile, serverUrl, challengesDir, leaseMs, concurrency },
    'runner ready',
  )

  return async () => {
    log.info('runner stopping')
    process.off('message', onServerMessage)
    await runner.stop()
    await grader.close()
    await queue.close()
  }
}

/** What a runner tells the server that started it; nothing when it was started by hand. */
function relayToServer(message: { type: 'finished'; jobId: string }): void {
  if (process.send && process.connected) process.send(message, undefined, undefined, () => {})
}

function onOff(name: string, text: string): boolean {
  if (text === 'on' || text === 'off') return text === 'on'
  throw new Error(`--${name} must be on or off; got "${text}"`)
}

function positive(name: string, text: string): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer; got "${text}"`)
  return value
}
