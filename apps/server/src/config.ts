import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_DB_FILE } from '@arena/db'

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface ServerConfig {
  port: number
  host: string
  dbFile: string
  /** Folder of pack folders (`challenges/` of the repository by default). */
  challengesDir: string
  /** Content-addressed copies of every imported pack version, so old versions stay gradable. */
  packStoreDir: string
  /** Runner processes started as children (0: grade elsewhere, e.g. `npm run runner`). */
  runners: number
  runnerClass: string
  /** Local GPU runner children: `auto` starts one when this machine has a GPU adapter (SwiftShader counts). */
  gpuRunners: number | 'auto'
  /** A fleet's Redis (REDIS_URL): the queue is BullMQ there instead of the embedded SQLite one. */
  redisUrl: string | undefined
  /** The fleet's shared secret: remote runners send it to fetch pack versions (ARENA_RUNNER_TOKEN). */
  runnerToken: string | undefined
  /** Back-pressure: unfinished submissions one user, and one study group, may have queued at once. */
  queueLimits: { perUser: number; perGroup: number }
  /** A runner's lease on a job; a runner that stops heartbeating loses its job after this long. */
  leaseMs: number
  webDist: string
  /** Build apps/web when its dist is missing or older than its sources. */
  buildWeb: boolean
  logLevel: string
  /**
   * Where the page runs learners' programs on their own machine (ARENA_SANDBOX_ORIGIN, e.g.
   * https://run.arena-usercontent.example): another site than the app, so the browser gives those
   * programs a process of their own. Unset: the other loopback name (localhost ↔ 127.0.0.1) for pages
   * opened on one; elsewhere local runs share the page's process. `none`: always share it (a
   * deployment without a second site; the page then says what that means).
   */
  sandboxOrigin: string | 'none' | undefined
  /**
   * The app's public origin (ARENA_APP_ORIGIN, e.g. https://arena.example.org): mutations from it are
   * accepted besides same-origin ones (behind a proxy the Host the server sees may differ), and it alone
   * may embed the sandbox page of a configured sandbox origin.
   */
  appOrigin: string | undefined
  /** `Secure` cookies: set behind TLS (ARENA_SECURE_COOKIES=1). */
  secureCookies: boolean
  rateLimits: {
    /** Log-in attempts per address and username per minute. */
    loginPerMinute: number
    /** Sign-ups per address per minute (a classroom shares one address). */
    signupPerMinute: number
    /** Submissions per user per minute. */
    submitPerMinute: number
    /** Discussion posts (threads, replies, edits, reports) per user per minute (default 10). */
    postPerMinute?: number
  }
  /**
   * Failed log-ins per window (kept in the database: a restart does not reset them), besides
   * `rateLimits.loginPerMinute` per address and username: per address, per username (a password guessed
   * from many addresses), and for the whole server (one password sprayed over many names and addresses).
   */
  loginLimits: { perAddress: number; perUsername: number; global: number; windowMinutes: number }
}

const USAGE = `Usage: node --no-node-snapshot --import tsx apps/server/src/main.ts [options]

  --port <n>          listen port (PORT, default 3000)
  --host <addr>       listen address (HOST, default 127.0.0.1)
  --db <file>         SQLite file (ARENA_DB_FILE, default db/arena.sqlite)
  --challenges <dir>  packs to import (ARENA_CHALLENGES_DIR, default challenges/)
  --runners <n>       runner processes to start (ARENA_RUNNERS, default 1)
  --gpu-runners <n>   GPU runner processes (ARENA_GPU_RUNNERS, default auto: 1 if a GPU adapter exists)
  --redis <url>       grade through a fleet's Redis (REDIS_URL); default: embedded SQLite queue
  --lease-ms <n>      runner lease (ARENA_LEASE_MS, default 30000)
  --no-web-build      do not build apps/web even when its dist is missing or stale
`

/** Options from the command line first, then the environment, then defaults. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      challenges: { type: 'string' },
      runners: { type: 'string' },
      'gpu-runners': { type: 'string' },
      redis: { type: 'string' },
      'lease-ms': { type: 'string' },
      'no-web-build': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  })
  if (values.help) {
    process.stdout.write(USAGE)
    process.exit(0)
  }
  const dbFile = path.resolve(values.db ?? env.ARENA_DB_FILE ?? DEFAULT_DB_FILE)
  return {
    port: integer('port', values.port ?? env.PORT ?? '3000', 0, 65_535),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    dbFile,
    challengesDir: path.resolve(
      values.challenges ?? env.ARENA_CHALLENGES_DIR ?? path.join(REPO_ROOT, 'challenges'),
    ),
    packStoreDir: path.resolve(env.ARENA_PACK_STORE ?? path.join(path.dirname(dbFile), 'pack-versions')),
    runners: integer('runners', values.runners ?? env.ARENA_RUNNERS ?? '1', 0, 64),
    runnerClass: 'cpu',
    gpuRunners: gpuRunnerCount(values['gpu-runners'] ?? env.ARENA_GPU_RUNNERS ?? 'auto'),
    redisUrl: values.redis ?? (env.REDIS_URL || undefined),
    runnerToken: env.ARENA_RUNNER_TOKEN || undefined,
    queueLimits: {
      perUser: integer('ARENA_QUEUE_PER_USER', env.ARENA_QUEUE_PER_USER ?? '20', 1, 100_000),
      perGroup: integer('ARENA_QUEUE_PER_GROUP', env.ARENA_QUEUE_PER_GROUP ?? '500', 1, 1_000_000),
    },
    leaseMs: integer('lease-ms', values['lease-ms'] ?? env.ARENA_LEASE_MS ?? '30000', 500, 3_600_000),
    webDist: path.join(REPO_ROOT, 'apps/web/dist'),
    buildWeb: !values['no-web-build'] && env.ARENA_NO_WEB_BUILD !== '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.ARENA_SECURE_COOKIES === '1',
    sandboxOrigin: originOrUndefined('ARENA_SANDBOX_ORIGIN', env.ARENA_SANDBOX_ORIGIN),
    appOrigin: appOriginOf(env.ARENA_APP_ORIGIN),
    rateLimits: {
      loginPerMinute: integer('ARENA_RATE_LOGIN', env.ARENA_RATE_LOGIN ?? '10', 1, 100_000),
      signupPerMinute: integer('ARENA_RATE_SIGNUP', env.ARENA_RATE_SIGNUP ?? '30', 1, 100_000),
      submitPerMinute: integer('ARENA_RATE_SUBMIT', env.ARENA_RATE_SUBMIT ?? '30', 1, 100_000),
      postPerMinute: integer('ARENA_RATE_POST', env.ARENA_RATE_POST ?? '10', 1, 100_000),
    },
    loginLimits: {
      perAddress: integer('ARENA_LOGIN_PER_ADDRESS', env.ARENA_LOGIN_PER_ADDRESS ?? '100', 1, 1_000_000),
      perUsername: integer('ARENA_LOGIN_PER_USERNAME', env.ARENA_LOGIN_PER_USERNAME ?? '30', 1, 1_000_000),
      global: integer('ARENA_LOGIN_GLOBAL', env.ARENA_LOGIN_GLOBAL ?? '2000', 1, 100_000_000),
      windowMinutes: integer('ARENA_LOGIN_WINDOW_MINUTES', env.ARENA_LOGIN_WINDOW_MINUTES ?? '15', 1, 1440),
    },
  }
}

function appOriginOf(text: string | undefined): string | undefined {
  const origin = originOrUndefined('ARENA_APP_ORIGIN', text)
  if (origin === 'none')
    throw new Error('ARENA_APP_ORIGIN must be an origin such as https://arena.example.org')
  return origin
}

function originOrUndefined(name: string, text: string | undefined): string | 'none' | undefined {
  if (!text) return undefined
  if (text === 'none') return 'none'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error(`${name} must be an origin such as https://run.example.org, or none; got "${text}"`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== text.replace(/\/$/, '')) {
    throw new Error(
      `${name} must be an origin (scheme, host and port only) such as https://run.example.org; got "${text}"`,
    )
  }
  return url.origin
}

function gpuRunnerCount(text: string): number | 'auto' {
  return text === 'auto' ? 'auto' : integer('gpu-runners', text, 0, 16)
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}; got "${text}"`)
  }
  return value
}
