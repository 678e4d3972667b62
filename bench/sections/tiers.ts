// Tiers that survive noise and Submits that finish in seconds (issue 16.4, 17.4): with a CPU hog
// spinning on every core, the reference submitted as a learner must get gold every time, an honest
// solution that is 2x slower (the reference's work done twice) never gold, and the Submit of a
// baseline and of the reference is timed whole (tests and trial). Each Submit is published as a
// runner publishes it: a measurement too noisy to rank is graded once more (the first grading's tier
// is reported too, `goldFirst`).
//
// `npm run bench -- tiers` runs TIERS_RUNS submissions of each (10 by default; TIERS_RUNS=2 for a
// quick look) on a cpu challenge, an engine challenge and batch-training (TIERS_CHALLENGES=batch-training
// for one of them; TIERS_KINDS=reference for one kind of solution).
import { type ChildProcess, spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { createGrader, type GradeResult, gradeAsPublished } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { type BenchSection, summarize } from './section.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const CHALLENGES = process.env.TIERS_CHALLENGES?.split(',') ?? [
  'column-sums',
  'parallel-histogram',
  'batch-training',
]
const KINDS = process.env.TIERS_KINDS?.split(',')
const RUNS = Number(process.env.TIERS_RUNS ?? 10)
/** The baseline's Submit is timed, not judged: a few runs say its time. */
const BASELINE_RUNS = Math.min(RUNS, 3)

/**
 * The reference's own work, done twice per call: honestly 2x slower, and still correct. The first
 * result is kept where the program can see it, so an optimizing compiler cannot drop that work; a
 * synchronous reference stays synchronous (an async wrapper changed how V8 compiled column-sums'
 * loops: 15x slower on its largest case, not 2x).
 */
export function twiceAsSlow(referenceSource: string): string {
  const isAsync = /export async function solve\(/.test(referenceSource)
  const renamed = referenceSource.replace(
    /export (async )?function solve\(/,
    `${isAsync ? 'async ' : ''}function solveOnce(`,
  )
  if (renamed === referenceSource) throw new Error('the reference has no `export function solve(`')
  const call = isAsync ? 'await solveOnce' : 'solveOnce'
  return `${renamed}
/** The first of the two results, kept so that its work is not optimized away. */
export let firstOfTwo: unknown
export ${isAsync ? 'async ' : ''}function solve(input: Parameters<typeof solveOnce>[0]) {
  firstOfTwo = ${call}(input)
  return ${call}(input)
}
`
}

/** One busy loop per core, in child processes: the noise other gradings make on a shared runner. */
function startCpuHog(): ChildProcess[] {
  return cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }))
}

interface Submitted {
  tier: string | undefined
  /** The first grading's tier, where it was noisy and graded once more (as a runner does). */
  firstTier?: string | undefined
  score: number | undefined
  withinNoise: boolean
  noisy: boolean
  cutShort: boolean
  wallMs: number
}

function submittedOf(result: GradeResult, wallMs: number): Submitted {
  return {
    tier: result.tier,
    score: result.perf?.score,
    withinNoise: result.perf?.withinNoise === true,
    noisy: result.perf?.noisy === true,
    cutShort: result.perf?.cutShort === true,
    wallMs,
  }
}

/** Each case's rounds, the carried ones said: `12 (5 carried)/9`. */
function roundsOf(result: GradeResult): string {
  return (result.perf?.cases ?? [])
    .map((each) => `${each.rounds}${each.carriedRounds ? ` (${each.carriedRounds} carried)` : ''}`)
    .join('/')
}

export const tiersSection: BenchSection = {
  name: 'tiers',
  description: `reference x${RUNS} (gold?), 2x-slower x${RUNS} (never gold?), baseline Submit time, under a CPU hog on every core`,
  async run(log) {
    const pack = await loadPack(`${ROOT}challenges/core`)
    const grader = createGrader()
    const hog = startCpuHog()
    const report: Record<string, unknown> = { runs: RUNS, hogProcesses: hog.length }
    try {
      for (const id of CHALLENGES) {
        const challenge = pack.challenges.find((candidate) => candidate.id === id)
        if (!challenge) throw new Error(`no challenge ${id}`)
        const gradable = toGradable(pack, challenge)
        const folder = `${ROOT}challenges/core/${id}/`
        const reference = await readFile(`${folder}reference.ts`, 'utf8')
        const solutions = {
          reference,
          twiceAsSlow: twiceAsSlow(reference),
          baseline: await readFile(`${folder}baseline.ts`, 'utf8'),
        }
        const perChallenge: Record<string, unknown> = {}
        for (const [kind, source] of Object.entries(solutions)) {
          if (KINDS && !KINDS.includes(kind)) continue
          const runs: Submitted[] = []
          const count = kind === 'baseline' ? BASELINE_RUNS : RUNS
          for (let i = 0; i < count; i++) {
            const started = performance.now()
            // What the learner sees: published as a runner publishes it (gradeAsPublished).
            const { result, first } = await gradeAsPublished(grader, {
              challenge: gradable,
              source,
              mode: 'full',
            })
            const submitted = submittedOf(result, performance.now() - started)
            if (first) submitted.firstTier = first.tier
            runs.push(submitted)
            log(
              `${id} ${kind} ${i + 1}/${count}: ${result.status} ${submitted.tier ?? '-'} ${submitted.score?.toFixed(3) ?? '-'}` +
                (first
                  ? ` (graded again: the first was ${first.tier ?? '-'} ${first.perf?.score?.toFixed(3) ?? '-'} NOISY)`
                  : '') +
                ` rounds ${roundsOf(result)}` +
                `${submitted.withinNoise ? ' (within noise)' : ''}${submitted.noisy ? ' NOISY' : ''}${submitted.cutShort ? ' (budget)' : ''}` +
                ` in ${(submitted.wallMs / 1000).toFixed(1)} s` +
                (result.status === 'Accepted' ? '' : `: ${result.message ?? ''}`),
            )
          }
          perChallenge[kind] = {
            gold: runs.filter((run) => run.tier === 'gold').length,
            tiers: runs.map((run) => run.tier),
            /** Gold on the first grading, before a noisy one was graded again. */
            goldFirst: runs.filter((run) => (run.firstTier ?? run.tier) === 'gold').length,
            gradedAgain: runs.filter((run) => run.firstTier !== undefined).length,
            withinNoise: runs.filter((run) => run.withinNoise).length,
            noisy: runs.filter((run) => run.noisy).length,
            cutShort: runs.filter((run) => run.cutShort).length,
            score: summarize(runs.map((run) => run.score ?? Number.NaN)),
            submitSeconds: summarize(runs.map((run) => run.wallMs / 1000)),
          }
        }
        report[id] = perChallenge
      }
    } finally {
      for (const child of hog) child.kill()
      await grader.close()
    }
    return report
  },
}
