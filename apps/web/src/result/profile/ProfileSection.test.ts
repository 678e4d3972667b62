// The profile section's reading of a recorded grading (tests/fixtures/results): a dataset job's call
// waits on its workers for nearly all of its time, which the page says its profile cannot see. (The
// flame graph needs a browser: dataset-report.test.ts sees the note in Chromium.)
import { readFileSync } from 'node:fs'
import { readGradeResult } from '@arena/grader/result'
import { describe, expect, it } from 'vitest'
import type { CpuProfile } from '../../api/types.ts'
import { MOSTLY_WAITING, waitingShare } from './ProfileSection.tsx'

function recordedProfile(name: string): { submission: CpuProfile; reference?: CpuProfile } {
  const file = new URL(`../../../../../tests/fixtures/results/${name}.json`, import.meta.url)
  const read = readGradeResult(JSON.parse(readFileSync(file, 'utf8')))
  const profile = read.ok ? read.result.profile : undefined
  if (!profile?.submission.ok) throw new Error(`the recorded ${name} result has no profile`)
  return {
    submission: profile.submission.profile,
    ...(profile.reference?.ok ? { reference: profile.reference.profile } : {}),
  }
}

describe('the share of a profiled call that waited', () => {
  it('is most of a dataset job’s call, on both sides', () => {
    const { submission, reference } = recordedProfile('dataset')
    expect(waitingShare(submission)).toBeGreaterThan(MOSTLY_WAITING)
    expect(reference && waitingShare(reference)).toBeGreaterThan(MOSTLY_WAITING)
  })

  it('is nothing where the call computed all along', () => {
    const { submission } = recordedProfile('dataset')
    const frames = submission.frames.filter((frame) => frame.name !== '(waiting)')
    const totalUs = frames.filter((frame) => frame.parent === -1).reduce((sum, f) => sum + f.totalUs, 0)
    expect(waitingShare({ ...submission, frames, totalUs })).toBe(0)
  })
})
