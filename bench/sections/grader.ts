import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createGrader } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import ivm from 'isolated-vm'
import { type BenchSection, summarize } from './section.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARENA = `${ROOT}packages/packs/bin/arena.js`
/** The challenge with the cheapest tests and perf cases: grading overhead shows most there. */
const SMALLEST = 'column-sums'
/**
 * Submissions whose scores sit inside the [0.1, 10] clamp (a clamped score would vary by 0% and prove
 * nothing): one at about half the reference's speed, and the reference against itself (the gold line).
 */
const REPRODUCED = [
  { challenge: 'column-sums', file: 'bench/fixtures/column-sums-row-by-row.ts' },
  { challenge: 'matrix-transpose', file: 'challenges/core/matrix-transpose/reference.ts' },
]
const REGRADINGS = 10

export const graderSection: BenchSection = {
  name: 'grader',
  description: 'grading overhead and reproducibility of the perf ratio (issue #2)',
  async run(log) {
    const isolate = isolateLifecycle()
    log(`isolate create + context + dispose: median ${isolate.median.toFixed(2)} ms (n=${isolate.n})`)

    const cli = await arenaGradeEndToEnd()
    log(
      `arena grade core/${SMALLEST} (samples, whole CLI process): median ${cli.samples.median.toFixed(0)} ms`,
    )
    log(`arena grade core/${SMALLEST} (full: tests + perf trial): median ${cli.full.median.toFixed(0)} ms`)

    const reproducibility = []
    for (const submission of REPRODUCED) {
      const measured = await regrade(submission, log)
      reproducibility.push(measured)
      log(
        `${measured.submission} graded ${REGRADINGS}x: score median ${measured.score.median.toFixed(4)}, CV ${(measured.score.cv * 100).toFixed(2)}% (target <= 3%)`,
      )
    }
    return { isolateLifecycleMs: isolate, arenaGradeMs: cli, reproducibility }
  },
}

function isolateLifecycle() {
  const times: number[] = []
  for (let i = 0; i < 50; i++) {
    const startedAt = process.hrtime.bigint()
    const isolate = new ivm.Isolate({ memoryLimit: 128 })
    const context = isolate.createContextSync()
    context.evalSync('1 + 1')
    isolate.dispose()
    times.push(Number(process.hrtime.bigint() - startedAt) / 1e6)
  }
  return summarize(times)
}

async function arenaGradeEndToEnd() {
  const run = promisify(execFile)
  const reference = `${ROOT}challenges/core/${SMALLEST}/reference.ts`
  const time = async (mode: string) => {
    const startedAt = Date.now()
    await run(process.execPath, [ARENA, 'grade', `core/${SMALLEST}`, reference, '--mode', mode, '--json'], {
      cwd: ROOT,
      maxBuffer: 64 * 2 ** 20,
    })
    return Date.now() - startedAt
  }
  const samples: number[] = []
  for (let i = 0; i < 5; i++) samples.push(await time('samples'))
  const full: number[] = []
  for (let i = 0; i < 3; i++) full.push(await time('full'))
  return { samples: summarize(samples), full: summarize(full) }
}

async function regrade(submission: { challenge: string; file: string }, log: (line: string) => void) {
  const pack = await loadPack(`${ROOT}challenges/core`)
  const challenge = pack.challenges.find((candidate) => candidate.id === submission.challenge)
  if (!challenge) throw new Error(`no challenge ${submission.challenge}`)
  const source = await readFile(`${ROOT}${submission.file}`, 'utf8')
  const grader = createGrader()
  const scores: number[] = []
  const rounds: number[] = []
  try {
    for (let i = 0; i < REGRADINGS; i++) {
      const result = await grader.grade({ challenge: toGradable(pack, challenge), source, mode: 'full' })
      if (result.perf?.score === undefined)
        throw new Error(`grading ${i} ended ${result.status} without a score: ${result.message}`)
      scores.push(result.perf.score)
      rounds.push(result.perf.cases.reduce((sum, perfCase) => sum + perfCase.rounds, 0))
      log(
        `  grading ${i + 1}: score ${result.perf.score.toFixed(4)} (${rounds.at(-1)} rounds, ${result.durationMs} ms)`,
      )
    }
  } finally {
    await grader.close()
  }
  return { submission: submission.file, score: summarize(scores), rounds: summarize(rounds) }
}
