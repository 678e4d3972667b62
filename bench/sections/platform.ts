import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createGrader } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import Database from 'better-sqlite3'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { FIXTURE_PACKS, startServerProcess } from '../../tests/helpers/serverProcess.ts'
import { type BenchSection, summarize } from './section.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const run = promisify(execFile)
const CHALLENGE = 'fixture/sum-array'
const SOURCE = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let i = 0; i < input.length; i++) sum += input[i]!
  return sum
}
`
const LATENCY_SAMPLES = 10
const QUEUED = 50

export const platformSection: BenchSection = {
  name: 'platform',
  description:
    'submit-to-verdict latency vs arena grade, throughput with 50 queued, web JS before the editor (issue #3)',
  async run(log) {
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-bench-platform-'))
    // 50 submissions in a burst are the point here: lift the per-user limit for this server only.
    process.env.ARENA_RATE_SUBMIT = '100000'
    process.env.ARENA_QUEUE_PER_USER = '100000' // 50 queued at once from one user
    try {
      const latency = await submitToVerdict(dir, log)
      const throughput = []
      for (const runners of [1, 2]) throughput.push(await queueThroughput(dir, runners, log))
      const web = await webBytes(log)
      return { latency, throughput, web }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

async function submitToVerdict(dir: string, log: (line: string) => void) {
  const server = await startServerProcess({ dir: path.join(dir, 'latency'), runners: 1 })
  try {
    const client = new ApiClient(server.url)
    await client.signup('bench_latency')
    const platform: Record<'samples' | 'full', number[]> = { samples: [], full: [] }
    for (const mode of ['samples', 'full'] as const) {
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const startedAt = performance.now()
        const id = await submit(client, mode)
        await untilDone(client, id)
        platform[mode].push(performance.now() - startedAt)
      }
    }
    const cli = await arenaGrade()
    const inProcess = await inProcessGrade()
    const result = {
      platformMs: { samples: summarize(platform.samples), full: summarize(platform.full) },
      arenaGradeCliMs: cli,
      graderInProcessMs: inProcess,
    }
    for (const mode of ['samples', 'full'] as const) {
      const through = result.platformMs[mode].median
      log(
        `${mode}: HTTP -> queue -> runner -> verdict ${through.toFixed(0)} ms; arena grade (CLI process) ${cli[mode].median.toFixed(0)} ms; grader in process ${inProcess[mode].median.toFixed(0)} ms; platform overhead over the grader ${(through - inProcess[mode].median).toFixed(0)} ms`,
      )
    }
    return result
  } finally {
    await server.stop()
  }
}

async function arenaGrade() {
  const file = path.join(tmpdir(), `arena-bench-solution-${process.pid}.ts`)
  writeFileSync(file, SOURCE)
  const times: Record<'samples' | 'full', number[]> = { samples: [], full: [] }
  for (const mode of ['samples', 'full'] as const) {
    for (let i = 0; i < 3; i++) {
      const startedAt = performance.now()
      await run(
        process.execPath,
        [
          `${ROOT}packages/packs/bin/arena.js`,
          'grade',
          CHALLENGE,
          file,
          '--dir',
          FIXTURE_PACKS,
          '--mode',
          mode,
          '--json',
        ],
        { cwd: ROOT },
      ).catch((error: { stdout?: string }) => {
        if (!error.stdout?.includes('"status"')) throw error
      })
      times[mode].push(performance.now() - startedAt)
    }
  }
  rmSync(file, { force: true })
  return { samples: summarize(times.samples), full: summarize(times.full) }
}

async function inProcessGrade() {
  const pack = await loadPack(path.join(FIXTURE_PACKS, 'fixture'))
  const challenge = toGradable(pack, pack.challenges[0]!)
  const grader = createGrader()
  const times: Record<'samples' | 'full', number[]> = { samples: [], full: [] }
  try {
    await grader.grade({ challenge, source: SOURCE, mode: 'samples' }) // starts the sandbox child
    for (const mode of ['samples', 'full'] as const) {
      for (let i = 0; i < LATENCY_SAMPLES; i++) {
        const startedAt = performance.now()
        await grader.grade({ challenge, source: SOURCE, mode })
        times[mode].push(performance.now() - startedAt)
      }
    }
  } finally {
    await grader.close()
  }
  return { samples: summarize(times.samples), full: summarize(times.full) }
}

async function queueThroughput(dir: string, runners: number, log: (line: string) => void) {
  const dataDir = path.join(dir, `throughput-${runners}`)
  const server = await startServerProcess({ dir: dataDir, runners })
  try {
    const client = new ApiClient(server.url)
    await client.signup(`bench_burst_${runners}`)
    const startedAt = performance.now()
    const ids = await Promise.all(Array.from({ length: QUEUED }, () => submit(client, 'samples')))
    const enqueuedMs = performance.now() - startedAt
    await Promise.all(ids.map((id) => untilDone(client, id, 300_000)))
    const elapsedMs = performance.now() - startedAt
    const db = new Database(path.join(dataDir, 'arena.sqlite'), { readonly: true })
    const rows = db
      .prepare(
        `SELECT s.id, s.status, s.verdict, (SELECT count(*) FROM test_results t WHERE t.submission_id = s.id) AS tests
         FROM submissions s`,
      )
      .all() as { id: number; status: string; verdict: string; tests: number }[]
    db.close()
    const graded = rows.filter((row) => row.status === 'done')
    const accepted = graded.filter((row) => row.verdict === 'Accepted').length
    const testCounts = new Set(graded.map((row) => row.tests))
    const result = {
      runners,
      submissions: QUEUED,
      enqueueMs: enqueuedMs,
      elapsedMs,
      acceptedPerMinute: (accepted / elapsedMs) * 60_000,
      lost: QUEUED - graded.length,
      // Each graded once: every submission holds exactly the fixture's sample results, never twice.
      testResultCountsPerSubmission: [...testCounts],
    }
    log(
      `${runners} runner(s): ${QUEUED} queued in ${enqueuedMs.toFixed(0)} ms, all graded in ${(elapsedMs / 1000).toFixed(1)} s = ${result.acceptedPerMinute.toFixed(0)} accepted/min; lost ${result.lost}; test rows per submission ${[...testCounts].join(',')}`,
    )
    return result
  } finally {
    await server.stop()
  }
}

async function webBytes(log: (line: string) => void) {
  await run('npm', ['run', 'build', '-w', '@arena/web'], { cwd: ROOT, maxBuffer: 64 * 2 ** 20 })
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'apps/web/scripts/jsBeforeEditor.ts'], {
    cwd: ROOT,
    maxBuffer: 16 * 2 ** 20,
  })
  const sizes = JSON.parse(stdout.slice(stdout.indexOf('{'))) as Record<
    string,
    { rawKb: number; gzipKb: number }
  >
  for (const [page, size] of Object.entries(sizes)) {
    log(`web ${page}: ${size.rawKb.toFixed(0)} KB (${size.gzipKb.toFixed(0)} KB gzip)`)
  }
  return sizes
}

async function submit(client: ApiClient, mode: 'samples' | 'full'): Promise<number> {
  const created = await client.mutation<{ id: number }>('submission.create', {
    challengeId: CHALLENGE,
    source: SOURCE,
    mode,
  })
  if (!created.ok) throw new Error(created.error.message)
  return created.data.id
}

function untilDone(client: ApiClient, id: number, timeoutMs = 120_000) {
  return client.subscribe<{ phase: string }>(
    'submission.progress',
    { id },
    { stopWhen: (event) => event.phase === 'done', timeoutMs },
  )
}
