import { readFileSync } from 'node:fs'
import { readGradeResult } from '@arena/grader/result'
import { describe, expect, it } from 'vitest'
import type { ChallengeConfig } from '../schema.ts'
import { shortCallWarnings } from './shortCalls.ts'

// A real grading (column-sums' reference, 16-64 MB matrices: tens of ms a call), its times scaled.
function recorded() {
  const file = new URL('../../../../tests/fixtures/results/cpu.json', import.meta.url)
  const read = readGradeResult(JSON.parse(readFileSync(file, 'utf8')))
  if (!read.ok) throw new Error('unreadable recording')
  return read.result
}

function withReferenceNs(ns: number[]) {
  const result = recorded()
  const cases = (result.perf?.cases ?? []).map((perfCase, index) => ({
    ...perfCase,
    reference: { ...perfCase.reference, medianNs: ns[index] ?? perfCase.reference.medianNs },
  }))
  return { ...result, perf: result.perf && { ...result.perf, cases } }
}

const config = (clock: string) => ({ clock }) as ChallengeConfig

describe('pack test on reference calls too short to time', () => {
  it('says nothing about calls of tens of milliseconds', () => {
    expect(shortCallWarnings(recorded(), config('cpu'))).toEqual([])
  })

  it('warns per short case, with its time and how much larger to make it', () => {
    const warnings = shortCallWarnings(withReferenceNs([120_000, 900_000, 30_000_000]), config('cpu'))
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(
      /^perf case "131072x16": the reference's timed call takes 0\.12 ms; calls under 1 ms/,
    )
    expect(warnings[0]).toMatch(/make the input about 42× larger/)
    expect(warnings[1]).toMatch(/takes 0\.90 ms.*about 6× larger/)
  })

  it('leaves counter clocks (a device times the kernel) alone', () => {
    expect(shortCallWarnings(withReferenceNs([120_000]), config('counter:kernelAndCodeNs'))).toEqual([])
  })
})
