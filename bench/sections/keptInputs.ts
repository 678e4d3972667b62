// `npm run bench -- inputs`: what a runner saves by keeping the inputs it generated
// (packages/grader/src/child/inputCache.ts). Each core challenge whose hidden cases are generated
// from tests.ts (the dataset chapter's larger-than-memory logs among them) has its reference graded
// on the tests GRADINGS times by one grader, as a runner grades learner after learner, with inputs
// kept and with keeping off (ARENA_KEEP_INPUTS=0, read by the grader's sandbox child when it starts),
// the two graders taking turns challenge by challenge. The first grading of each generates either
// way; the figure is the median of the later ones.
import { createGrader } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { type BenchSection, summarize } from './section.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const GRADINGS = Number(process.env.INPUTS_GRADINGS ?? 4)
const CHALLENGES = process.env.INPUTS_CHALLENGES?.split(',') ?? [
  'salted-aggregation',
  'columnar-pushdown',
  'broadcast-join',
  'external-sort',
  'column-sums',
]

/** Wall times of GRADINGS gradings of the reference on the tests, one grader, inputs kept or not. */
async function gradings(challengeId: string, keep: boolean): Promise<number[]> {
  const pack = await loadPack(`${ROOT}challenges/core`)
  const challenge = pack.challenges.find((each) => each.id === challengeId)
  if (!challenge) throw new Error(`core/${challengeId} is missing`)
  const previous = process.env.ARENA_KEEP_INPUTS
  process.env.ARENA_KEEP_INPUTS = keep ? '1' : '0'
  const grader = createGrader({ runnerClass: 'cpu' })
  try {
    const times: number[] = []
    for (let index = 0; index < GRADINGS; index++) {
      const started = performance.now()
      const result = await grader.grade({
        challenge: toGradable(pack, challenge),
        source: challenge.sources.reference,
        filename: 'reference.ts',
        mode: 'tests',
      })
      if (result.status !== 'Accepted') throw new Error(`${challengeId}: ${result.status} ${result.message}`)
      times.push(performance.now() - started)
    }
    return times
  } finally {
    await grader.close()
    if (previous === undefined) delete process.env.ARENA_KEEP_INPUTS
    else process.env.ARENA_KEEP_INPUTS = previous
  }
}

export const keptInputsSection: BenchSection = {
  name: 'inputs',
  description: `a runner's gradings of one challenge's reference on the tests, inputs kept vs generated each time (x${GRADINGS})`,
  async run(log) {
    const rows = []
    for (const challenge of CHALLENGES) {
      const kept = await gradings(challenge, true)
      const generated = await gradings(challenge, false)
      const keptMs = summarize(kept.slice(1)).median
      const generatedMs = summarize(generated.slice(1)).median
      const row = {
        challenge,
        firstMs: { kept: Math.round(kept[0] ?? 0), generated: Math.round(generated[0] ?? 0) },
        laterMedianMs: { kept: Math.round(keptMs), generated: Math.round(generatedMs) },
        speedup: Number((generatedMs / keptMs).toFixed(2)),
      }
      log(
        `${challenge}: later gradings ${row.laterMedianMs.generated} ms generated -> ${row.laterMedianMs.kept} ms kept (${row.speedup}x); first ${row.firstMs.generated} / ${row.firstMs.kept} ms`,
      )
      rows.push(row)
    }
    return rows
  },
}
