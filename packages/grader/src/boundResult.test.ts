import { describe, expect, it } from 'vitest'
import { boundResult, RESULT_BOUNDS } from './boundResult.ts'
import type { GradeResult, TestResult } from './types.ts'

const HUGE = 'A'.repeat(5_000_000)

function resultWith(fields: Partial<GradeResult>): GradeResult {
  return {
    version: 1,
    challenge: 'core/sum',
    packHash: 'abc',
    mode: 'samples',
    status: 'RuntimeError',
    tests: [],
    runner: { class: 'cpu', host: 'here' },
    durationMs: 1,
    ...fields,
  }
}

describe('boundResult', () => {
  it('holds a profile from anywhere (another runner release) to its ceilings', () => {
    const frames = Array.from({ length: 5_000 }, (_, index) => ({
      parent: index - 1,
      name: `f${index}${HUGE.slice(0, 500)}`,
      kind: 'learner' as const,
      totalUs: 5_000 - index,
      selfUs: 1,
    }))
    const hotLines = Array.from({ length: 50 }, (_, index) => ({
      line: index + 1,
      share: 0.01,
      selfUs: 1,
      text: HUGE.slice(0, 1_000),
    }))
    const profile = {
      caseName: 'large',
      intervalUs: 100,
      samples: 5_000,
      totalUs: 5_000,
      wallNs: 1,
      frames: frames.slice(0, 300),
      hotLines,
      droppedFrames: 0,
    }
    const bounded = boundResult(
      resultWith({
        profile: {
          submission: { ok: true, profile },
          reference: { ok: true, profile: { ...profile, frames } },
        },
      }),
    )
    const submission = bounded.profile?.submission
    if (!submission?.ok) throw new Error('the submission side was lost')
    expect(submission.profile.hotLines.length).toBeLessThanOrEqual(10)
    expect(submission.profile.frames.every((frame) => frame.name.length <= 80)).toBe(true)
    expect(JSON.stringify(submission).length).toBeLessThan(70 * 1024)
    // 5000 frames are cut to the first 400 (parents first) and counted.
    const reference = bounded.profile?.reference
    if (!reference?.ok) throw new Error('the reference side was lost')
    expect(reference.profile.frames).toHaveLength(400)
    expect(reference.profile.droppedFrames).toBe(4_600)
    // A side the contract would refuse becomes a reason; the result stays readable.
    const malformed = { ...profile, hotLines: [{ line: 0, share: 2, selfUs: -1 }] }
    expect(
      boundResult(resultWith({ profile: { submission: { ok: true, profile: malformed } } })).profile,
    ).toEqual({
      submission: { ok: false, reason: expect.stringMatching(/^the profile was malformed/) },
    })
    expect(boundResult(resultWith({ profile: { submission: { ok: false, reason: HUGE } } })).profile).toEqual(
      {
        submission: { ok: false, reason: HUGE.slice(0, 500) },
      },
    )
  })

  it('cuts a 5 MB message and says how much was left out', () => {
    const bounded = boundResult(resultWith({ message: `Error: ${HUGE}` }))
    expect(bounded.message?.length).toBeLessThan(RESULT_BOUNDS.messageChars + 100)
    expect(bounded.message).toMatch(/… \(\d+ more characters not shown\)$/)
  })

  it('cuts every text of a test row and keeps its verdict', () => {
    const row: TestResult = {
      name: HUGE,
      kind: 'sample',
      status: 'WrongAnswer',
      message: HUGE,
      input: HUGE,
      expected: HUGE,
      actual: HUGE,
      output: HUGE,
    }
    const bounded = boundResult(resultWith({ tests: [row] }))
    expect(JSON.stringify(bounded).length).toBeLessThan(100_000)
    expect(bounded.tests[0]?.status).toBe('WrongAnswer')
    expect(bounded.tests[0]?.input).toMatch(/more characters not shown/)
  })

  it('keeps at most RESULT_BOUNDS.tests rows and sums up the rest, failures first', () => {
    const rows: TestResult[] = Array.from({ length: 2_000 }, (_, index) => ({
      name: `case ${index}`,
      kind: 'generated',
      status: index === 1_500 ? 'WrongAnswer' : 'Accepted',
    }))
    const bounded = boundResult(resultWith({ tests: rows }))
    expect(bounded.tests).toHaveLength(RESULT_BOUNDS.tests + 1)
    expect(bounded.tests.at(-1)).toMatchObject({ name: '1500 more tests', status: 'WrongAnswer' })
  })

  it('past the counter cap keeps run-wide totals before numbered breakdowns, whatever their order', () => {
    // As the dataset engine emits them: totals, one copy per stage, then the call's skew last.
    const perStage = Array.from({ length: 40 }, (_, stage) => [
      [`stage${stage}Tasks`, 4],
      [`stage${stage}ShuffleWriteBytes`, 100],
    ])
    const counters = Object.fromEntries([
      ['datasetJobs', 1],
      ['stages', 40],
      ...perStage.flat(),
      ['maxPartitionRecords', 2_500],
      ['partitionSkew', 1.5],
    ])
    const bounded = boundResult(resultWith({ metrics: { cpuNs: 1, wallNs: 1, peakBytes: 1, counters } }))
    const kept = bounded.metrics?.counters ?? {}
    expect(Object.keys(kept)).toHaveLength(RESULT_BOUNDS.counters)
    expect(kept).toMatchObject({ datasetJobs: 1, stages: 40, maxPartitionRecords: 2_500, partitionSkew: 1.5 })
    expect(kept.stage0Tasks).toBe(4)
  })

  it('bounds counters and timelines, and leaves a small result as it was', () => {
    const counters = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`c${i}`, i]))
    const timeline = Array.from({ length: 50_000 }, (_, i) => ({
      worker: 0,
      start: i,
      end: i + 1,
      label: `task ${i}`,
    }))
    const bounded = boundResult(
      resultWith({ metrics: { cpuNs: 1, wallNs: 1, peakBytes: 1, counters, timeline } }),
    )
    expect(Object.keys(bounded.metrics?.counters ?? {})).toHaveLength(RESULT_BOUNDS.counters)
    expect(bounded.metrics?.timeline).toHaveLength(RESULT_BOUNDS.timelineEntries)
    const small = resultWith({
      status: 'Accepted',
      tests: [{ name: 'a', kind: 'sample', status: 'Accepted' }],
    })
    expect(boundResult(small)).toEqual(small)
  })
})
