import { describe, expect, it } from 'vitest'
import {
  type AssignmentResult,
  type AssignmentState,
  assignmentCell,
  assignmentCounts,
  deadlineStatus,
  roughDuration,
} from './assignmentProgress.ts'

const DEADLINE = Date.UTC(2026, 2, 1, 12)
let nextId = 1
function result(minutesFromDeadline: number, fields: Partial<AssignmentResult> = {}): AssignmentResult {
  const submittedAt = DEADLINE + minutesFromDeadline * 60_000
  return {
    id: nextId++,
    mode: 'full',
    verdict: 'WrongAnswer',
    tier: null,
    score: null,
    submittedAt,
    finishedAt: submittedAt + 5_000,
    ...fields,
  }
}
const accepted = (minutes: number, tier: string, score: number) =>
  result(minutes, { verdict: 'Accepted', tier, score })

describe('assignment cell', () => {
  it('is none without results and attempted without an acceptance, opening the latest attempt', () => {
    expect(assignmentCell([], DEADLINE).state).toBe('none')
    const first = result(-30)
    const sample = result(-10, { mode: 'sample', verdict: 'Accepted' })
    expect(assignmentCell([sample, first], DEADLINE)).toEqual({
      state: 'attempted',
      tier: null,
      score: null,
      submissionId: sample.id,
    })
  })

  it('marks an acceptance sent after the deadline as late, keeping its tier and score', () => {
    const wrong = result(-60)
    const gold = accepted(+30, 'gold', 2.5)
    expect(assignmentCell([wrong, gold], DEADLINE)).toEqual({
      state: 'late',
      tier: 'gold',
      score: 2.5,
      submissionId: gold.id,
    })
  })

  it('lets any acceptance in time decide, with the best in-time tier and score', () => {
    const bronze = accepted(-60, 'bronze', 0.4)
    const silver = accepted(-30, 'silver', 0.9)
    const lateGold = accepted(+30, 'gold', 3)
    expect(assignmentCell([bronze, lateGold, silver], DEADLINE)).toEqual({
      state: 'accepted',
      tier: 'silver',
      score: 0.9,
      submissionId: silver.id,
    })
  })

  it('judges by when it was sent: graded after the deadline but sent before is in time', () => {
    const sentBefore = accepted(-1, 'gold', 2)
    sentBefore.finishedAt = DEADLINE + 120_000
    expect(assignmentCell([sentBefore], DEADLINE).state).toBe('accepted')
    expect(assignmentCell([accepted(+1, 'gold', 2)], null).state).toBe('accepted')
  })
})

describe('assignment counts', () => {
  it('agree with the cells they count, whatever the mix', () => {
    const states: AssignmentState[] = ['none', 'attempted', 'late', 'accepted', 'accepted', 'late', 'none']
    expect(assignmentCounts(states)).toEqual({
      total: 7,
      attempted: 5,
      accepted: 2,
      late: 2,
      acceptanceRate: 4 / 5,
    })
    // Every way of filling three cells: the counts add up to the cells.
    const all: AssignmentState[] = ['none', 'attempted', 'late', 'accepted']
    for (const a of all)
      for (const b of all)
        for (const c of all) {
          const cells = [a, b, c]
          const counts = assignmentCounts(cells)
          expect(counts.accepted).toBe(cells.filter((state) => state === 'accepted').length)
          expect(counts.late).toBe(cells.filter((state) => state === 'late').length)
          expect(counts.attempted).toBe(cells.filter((state) => state !== 'none').length)
          expect(counts.accepted + counts.late).toBeLessThanOrEqual(counts.attempted)
        }
  })

  it('reads a lone late acceptance as 1 of 1 accepted, 1 late (not 0%)', () => {
    expect(assignmentCounts(['late'])).toMatchObject({
      attempted: 1,
      accepted: 0,
      late: 1,
      acceptanceRate: 1,
    })
    expect(assignmentCounts(['none']).acceptanceRate).toBeNull()
  })
})

describe('deadline status', () => {
  it('counts down, warns within a day, and turns overdue at the deadline', () => {
    expect(deadlineStatus(null, DEADLINE)).toEqual({ kind: 'none' })
    expect(deadlineStatus(DEADLINE, DEADLINE - 3 * 86_400_000)).toEqual({
      kind: 'open',
      msLeft: 3 * 86_400_000,
      soon: false,
    })
    expect(deadlineStatus(DEADLINE, DEADLINE - 3_600_000)).toMatchObject({ kind: 'open', soon: true })
    expect(deadlineStatus(DEADLINE, DEADLINE)).toEqual({ kind: 'overdue', msOver: 0 })
  })

  it('rounds durations down to their largest unit', () => {
    expect(roughDuration(3 * 86_400_000 + 5)).toEqual({ value: 3, unit: 'day' })
    expect(roughDuration(36 * 3_600_000)).toEqual({ value: 36, unit: 'hour' })
    expect(roughDuration(-90 * 60_000)).toEqual({ value: 1, unit: 'hour' })
    expect(roughDuration(5_000)).toEqual({ value: 1, unit: 'minute' })
  })
})
