// What the profile round of a full Submit costs (issue 18.1): for each core challenge, the reference
// submitted as a learner, graded with and without the profile round side by side in the same run (the
// same secret seed, the order alternating), and the size of the profiles the result carries.
//
// `npm run bench -- profile` (PROFILE_RUNS pairs per challenge, 1 by default).
import { readFile } from 'node:fs/promises'
import { createGrader, type GradeResult } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { type BenchSection, summarize } from './section.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const RUNS = Number(process.env.PROFILE_RUNS ?? 1)

interface Timed {
  status: string
  wallMs: number
  profileBytes: number
  /** The profile round's own time, as the grader reports it. */
  profileMs: number
  submissionOk: boolean
  referenceOk: boolean
  reason?: string
}

async function timedGrade(grade: () => Promise<GradeResult>): Promise<Timed> {
  const started = performance.now()
  const result = await grade()
  const ended = performance.now()
  const profile = result.profile
  return {
    status: result.status,
    wallMs: ended - started,
    profileBytes: profile ? JSON.stringify(profile).length : 0,
    profileMs: profile?.spentMs ?? 0,
    submissionOk: profile?.submission.ok === true,
    referenceOk: profile?.reference?.ok === true,
    ...(profile && !profile.submission.ok ? { reason: profile.submission.reason } : {}),
  }
}

export const profileSection: BenchSection = {
  name: 'profile',
  description: `Submit time with vs without the profile round, and the profile's size, per core challenge (x${RUNS})`,
  async run(log) {
    const pack = await loadPack(`${ROOT}challenges/core`)
    const grader = createGrader()
    const report: Record<string, unknown> = { runs: RUNS }
    const ratios: number[] = []
    /** The profile round's time over the whole grading's, per challenge. */
    const shares: number[] = []
    try {
      for (const challenge of pack.challenges) {
        const gradable = toGradable(pack, challenge)
        const source = await readFile(`${ROOT}challenges/core/${challenge.id}/reference.ts`, 'utf8')
        const withProfile: Timed[] = []
        const without: Timed[] = []
        for (let run = 0; run < RUNS; run++) {
          const secretSeed = 1000 + run
          const grade = (profile: boolean) =>
            timedGrade(() => grader.grade({ challenge: gradable, source, mode: 'full', secretSeed, profile }))
          // Alternating which goes first, so a machine warming up or cooling down favours neither.
          if (run % 2 === 0) {
            withProfile.push(await grade(true))
            without.push(await grade(false))
          } else {
            without.push(await grade(false))
            withProfile.push(await grade(true))
          }
          const a = withProfile.at(-1) as Timed
          const b = without.at(-1) as Timed
          log(
            `${challenge.id}: ${a.status} with ${(a.wallMs / 1000).toFixed(1)} s (profile round ${(a.profileMs / 1000).toFixed(2)} s, ` +
              `${((100 * a.profileMs) / a.wallMs).toFixed(1)}%), ` +
              `without ${(b.wallMs / 1000).toFixed(1)} s, ` +
              `profile ${(a.profileBytes / 1024).toFixed(1)} KB` +
              `${a.submissionOk ? '' : ` (none: ${a.reason ?? 'absent'})`}${a.referenceOk ? '' : ' (no reference profile)'}`,
          )
        }
        const ratio = summarize(
          withProfile.map((each, index) => each.wallMs / (without[index] as Timed).wallMs),
        )
        ratios.push(ratio.median)
        shares.push(summarize(withProfile.map((each) => each.profileMs / each.wallMs)).median)
        report[challenge.id] = {
          withMs: summarize(withProfile.map((each) => each.wallMs)),
          withoutMs: summarize(without.map((each) => each.wallMs)),
          ratio,
          profileBytes: summarize(withProfile.map((each) => each.profileBytes)),
          profileMs: summarize(withProfile.map((each) => each.profileMs)),
          submissionProfiles: withProfile.filter((each) => each.submissionOk).length,
          referenceProfiles: withProfile.filter((each) => each.referenceOk).length,
        }
      }
    } finally {
      await grader.close()
    }
    report.ratio = summarize(ratios)
    report.profileShare = summarize(shares)
    log(
      `with / without, median over challenges: ${(report.ratio as { median: number }).median.toFixed(3)}; ` +
        `the profile round's share of a Submit, median: ${(100 * (report.profileShare as { median: number }).median).toFixed(1)}%`,
    )
    return report
  },
}
