// Issue 15, point 3: a hostile pack upload in flight must not raise another user's request latency
// (bar: p99 under 100 ms). One real server process (`npm start`, no runners); this process plays both
// users: a learner timing a cheap route (`auth.me`) one request after another, and an instructor
// uploading hostile zips back to back (the zip bomb, 15 GiB of zeros in 15 MB declaring 10
// bytes; and 120,000 tiny entries). Quiet and hostile phases alternate, side by side in one run.
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { UPLOAD_PATH } from '../../apps/server/src/authoring/packFileRoutes.ts'
import { crowdedZip, zipBomb } from '../../apps/server/src/authoring/testing/hostileZips.ts'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { startServerProcess } from '../../tests/helpers/serverProcess.ts'
import type { BenchSection } from './section.ts'

/** Timed requests per phase; phases alternate quiet, hostile, quiet, hostile. */
const REQUESTS_PER_PHASE = 400
const PHASES = 4
const BAR_MS = 100

export const uploadsSection: BenchSection = {
  name: 'uploads',
  description: "another user's request latency while hostile pack uploads are in flight (issue 15, point 3)",
  async run(log) {
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-bench-uploads-'))
    const server = await startServerProcess({ dir, runners: 0 })
    try {
      const learner = new ApiClient(server.url)
      await learner.signup('bench_learner')
      const instructor = new ApiClient(server.url)
      await instructor.signup('bench_instructor')
      const db = new Database(path.join(dir, 'arena.sqlite'))
      db.prepare('UPDATE users SET role = ? WHERE username = ?').run('instructor', 'bench_instructor')
      db.close()

      const hostile = [zipBomb(), crowdedZip(120_000)]
      const quiet: number[] = []
      const loaded: number[] = []
      const uploads: { status: number; ms: number }[] = []
      for (let phase = 0; phase < PHASES; phase++) {
        const underAttack = phase % 2 === 1
        // The attacker is another client, with its own event loop: its 15 MB bodies must not delay the
        // learner's requests on this side of the wire, only (if at all) on the server's.
        const attacker = underAttack ? startAttacker(server.url, instructor, hostile) : undefined
        if (attacker) await attacker.firstSent
        const samples = await timeCheapRoute(learner, REQUESTS_PER_PHASE)
        if (attacker) uploads.push(...(await attacker.stop()))
        ;(underAttack ? loaded : quiet).push(...samples)
      }
      const result = {
        requestsPerSide: quiet.length,
        quietMs: percentiles(quiet),
        underUploadMs: percentiles(loaded),
        p50Ratio: percentile(loaded, 0.5) / percentile(quiet, 0.5),
        p99Ratio: percentile(loaded, 0.99) / percentile(quiet, 0.99),
        uploads: {
          count: uploads.length,
          refused: uploads.filter((upload) => upload.status === 400).length,
          ms: percentiles(uploads.map((upload) => upload.ms)),
        },
        barMs: BAR_MS,
        holds: percentile(loaded, 0.99) < BAR_MS,
      }
      log(
        `auth.me quiet: p50 ${result.quietMs.p50.toFixed(2)} ms, p99 ${result.quietMs.p99.toFixed(2)} ms (${quiet.length} requests)`,
      )
      log(
        `auth.me under hostile uploads: p50 ${result.underUploadMs.p50.toFixed(2)} ms, p99 ${result.underUploadMs.p99.toFixed(2)} ms (${loaded.length} requests)`,
      )
      log(
        `ratio under/quiet: p50 ${result.p50Ratio.toFixed(2)}x, p99 ${result.p99Ratio.toFixed(2)}x; bar p99 < ${BAR_MS} ms: ${result.holds ? 'holds' : 'FAILS'}`,
      )
      log(
        `hostile uploads meanwhile: ${result.uploads.count} (${result.uploads.refused} refused), each p50 ${result.uploads.ms.p50.toFixed(0)} ms, p99 ${result.uploads.ms.p99.toFixed(0)} ms`,
      )
      return result
    } finally {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

async function timeCheapRoute(client: ApiClient, count: number): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const startedAt = performance.now()
    const me = await client.query('auth.me')
    samples.push(performance.now() - startedAt)
    if (!me.ok) throw new Error(`auth.me failed: ${JSON.stringify(me)}`)
  }
  return samples
}

/**
 * Uploads the zips in turn, back to back, from a worker thread until stopped. Plain JavaScript run
 * with `eval`: the worker needs no TypeScript loader.
 */
function startAttacker(url: string, client: ApiClient, zips: readonly Uint8Array[]) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
    let running = true
    parentPort.on('message', () => { running = false })
    ;(async () => {
      const done = []
      for (let i = 0; running; i++) {
        const startedAt = performance.now()
        const response = await fetch(workerData.url, {
          method: 'POST',
          headers: workerData.headers,
          body: workerData.zips[i % workerData.zips.length],
        })
        await response.arrayBuffer()
        done.push({ status: response.status, ms: performance.now() - startedAt })
        if (i === 0) parentPort.postMessage('first')
      }
      parentPort.postMessage(done)
    })()`,
    {
      eval: true,
      workerData: {
        url: `${url}${UPLOAD_PATH}`,
        zips,
        headers: {
          'content-type': 'application/zip',
          cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          'x-csrf-token': client.cookies.get('arena_csrf') ?? '',
        },
      },
    },
  )
  return {
    /** Resolves once one upload went through: the attack is under way. */
    firstSent: once(worker, 'message'),
    async stop(): Promise<{ status: number; ms: number }[]> {
      const answer = once(worker, 'message')
      worker.postMessage('stop')
      const [done] = (await answer) as [{ status: number; ms: number }[]]
      await worker.terminate()
      return done
    },
  }
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

function percentiles(values: readonly number[]) {
  return { p50: percentile(values, 0.5), p99: percentile(values, 0.99), max: percentile(values, 1) }
}
