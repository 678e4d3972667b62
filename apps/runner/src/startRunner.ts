import { hostname } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DEFAULT_DB_FILE } from '@arena/db'
import { createGrader, type GradeResult, type ProgressEvent } from '@arena/grader'
import { type GradeJobPayload, SqliteQueue } from '@arena/queue'
import { pino } from 'pino'
import { PackVersions } from './PackVersions.ts'
import { Runner } from './Runner.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** Parses the command line, opens the queue and starts claiming; resolves to a stop function. */
export function startRunner(argv: string[]): () => Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      class: { type: 'string', default: 'cpu' },
      db: { type: 'string' },
      challenges: { type: 'string' },
      'pack-store': { type: 'string' },
      'lease-ms': { type: 'string' },
      'idle-ms': { type: 'string' },
      name: { type: 'string' },
    },
  })
  const dbFile = path.resolve(values.db ?? process.env.ARENA_DB_FILE ?? DEFAULT_DB_FILE)
  const challengesDir = path.resolve(
    values.challenges ?? process.env.ARENA_CHALLENGES_DIR ?? path.join(REPO_ROOT, 'challenges'),
  )
  const packStoreDir = path.resolve(
    values['pack-store'] ?? process.env.ARENA_PACK_STORE ?? path.join(path.dirname(dbFile), 'pack-versions'),
  )
  const runnerClass = values.class ?? 'cpu'
  const leaseMs = Number(values['lease-ms'] ?? process.env.ARENA_LEASE_MS ?? 30_000)
  const idleMs = Number(values['idle-ms'] ?? 200)
  const name = values.name ?? 'runner'

  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' }).child({ runner: name })
  const queue = new SqliteQueue<GradeJobPayload, GradeResult, ProgressEvent>({
    file: dbFile,
    onError: (error) => log.error({ err: error }, 'queue'),
  })
  const grader = createGrader({ workers: 1, runnerClass })
  const runner = new Runner({
    queue,
    grader,
    packs: new PackVersions(challengesDir, packStoreDir),
    runnerClass,
    owner: `${hostname()}:${process.pid}:${name}`,
    leaseMs,
    idleMs,
    log,
  }).start()
  log.info({ runnerClass, dbFile, challengesDir, leaseMs }, 'runner ready')

  return async () => {
    log.info('runner stopping')
    await runner.stop()
    await grader.close()
    await queue.close()
  }
}
