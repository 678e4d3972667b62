// A gpu challenge on `npm start` without a GPU runner: the submission waits, says no GPU runner is
// online, and the CPU runner never takes it. A GPU runner started by hand (Dawn on SwiftShader here)
// then grades it.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { SubmissionDetail, SubmissionProgress } from '../apps/server/src/router.ts'
import { ApiClient } from '../apps/server/src/testing/ApiClient.ts'
import { type ServerProcess, startServerProcess } from './helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const CHALLENGES = path.join(REPO_ROOT, 'challenges')
const CHALLENGE = 'gpu/reduce-sum'
const REFERENCE = readFileSync(path.join(CHALLENGES, 'gpu/reduce-sum/reference.ts'), 'utf8')
const TSX = createRequire(import.meta.url).resolve('tsx')

let dir: string
let server: ServerProcess | undefined
let gpuRunner: ChildProcess | undefined

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-fleet-gpu-'))
  process.env.ARENA_GPU_RUNNERS = '0' // npm start with no GPU runner: only the CPU one
  delete process.env.REDIS_URL
  server = await startServerProcess({ dir, runners: 1, challengesDir: CHALLENGES })
}, 120_000)

afterAll(async () => {
  if (gpuRunner && gpuRunner.exitCode === null) {
    const exited = new Promise((resolve) => gpuRunner!.once('exit', resolve))
    gpuRunner.kill('SIGTERM')
    await exited
  }
  await server?.stop()
  delete process.env.ARENA_GPU_RUNNERS
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('waits for a GPU runner, saying none is online, and a GPU runner grades it once one starts', async () => {
  const client = new ApiClient(server!.url)
  await client.signup('gpu_learner')
  const created = await client.mutation<{ id: number }>('submission.create', {
    challengeId: CHALLENGE,
    source: REFERENCE,
    mode: 'samples',
  })
  if (!created.ok) throw new Error(created.error.message)
  const id = created.data.id

  const waiting = await client.subscribe<SubmissionProgress>(
    'submission.progress',
    { id },
    { stopWhen: (event) => event.phase === 'queued', timeoutMs: 30_000 },
  )
  expect(waiting.at(-1)).toEqual({
    phase: 'queued',
    ahead: 0,
    runnersOnline: 0,
    runnerClass: 'gpu',
    waitEstimateMs: null,
  })
  // The CPU runner is idle and claims every 200 ms: it still does not take a gpu job.
  await sleep(1500)
  const still = await client.query<SubmissionDetail>('submission.get', { id })
  expect(still.ok && still.data).toMatchObject({ status: 'queued', runnersOnline: 0, runnerClass: 'gpu' })

  gpuRunner = spawn(
    process.execPath,
    [
      '--no-node-snapshot',
      '--import',
      TSX,
      path.join(REPO_ROOT, 'apps/runner/src/main.ts'),
      '--gpu',
      '--db',
      path.join(dir, 'arena.sqlite'),
      '--challenges',
      CHALLENGES,
      '--pack-store',
      path.join(dir, 'pack-versions'),
      '--name',
      'gpu-by-hand',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let log = ''
  gpuRunner.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString()
  })
  gpuRunner.stderr?.resume()

  const events = await client.subscribe<SubmissionProgress>(
    'submission.progress',
    { id },
    { stopWhen: (event) => event.phase === 'done', timeoutMs: 180_000 },
  )
  expect(events.at(-1)).toEqual({ phase: 'done', status: 'Accepted' })
  expect(log).toMatch(/"runnerClass":"gpu:[a-z0-9_-]+".*"msg":"runner ready"/)
  expect(log).toMatch(new RegExp(`"job":"submission-${id}".*"msg":"done"`))
  // The CPU runner never worked on it.
  expect(server!.logs()).not.toMatch(new RegExp(`"job":"submission-${id}"`))
}, 300_000)
