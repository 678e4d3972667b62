import { expect, it } from 'vitest'
import { challengeSchema } from '../schema.ts'
import { limitWarnings, niceCeil, suggestLimits } from './limitSuggestion.ts'

const MIB = 2 ** 20
const config = (limits: Record<string, number>, extra: Record<string, unknown> = {}) =>
  challengeSchema.parse({
    id: 'demo',
    title: 'Demo',
    topic: 'vectorization',
    difficulty: 'easy',
    xp: 10,
    signature: 'export function solve(input: number): number',
    limits,
    perf: { cases: [{ name: 'one', size: 1 }], warmupSize: 1 },
    ...extra,
  })

it('rounds up to 1, 2, 2.5 or 5 × 10ⁿ', () => {
  expect([0.3, 1, 1.2, 2.1, 3, 7, 10, 120, 240, 251].map(niceCeil)).toEqual([
    0.5, 1, 2, 2.5, 5, 10, 10, 200, 250, 500,
  ])
})

it('suggests 3× the slowest timed call, twice that as wall time, 1.5× the highest peak', () => {
  const suggested = suggestLimits([
    { solution: 'reference', slowestNs: 10e6, peakBytes: 0 },
    { solution: 'baseline', slowestNs: 95e6, peakBytes: 20 * MIB },
    { solution: 'slow/plain', slowestNs: 60e6, peakBytes: 30 * MIB },
  ])
  expect(suggested).toEqual({
    cpuMs: 500,
    wallMs: 1000,
    memoryMb: 50,
    slowest: { solution: 'baseline', ms: 95 },
    peak: { solution: 'slow/plain', mb: 30 },
  })
  // Floors: 100 ms and the schema's 8 MB.
  expect(suggestLimits([{ solution: 'baseline', slowestNs: 1e5, peakBytes: MIB }])).toMatchObject({
    cpuMs: 100,
    wallMs: 200,
    memoryMb: 8,
  })
  expect(suggestLimits([])).toBeUndefined()
})

it('warns, naming both numbers, when a limit is below the suggestion or over 20× above it', () => {
  const suggested = suggestLimits([{ solution: 'baseline', slowestNs: 95e6, peakBytes: 20 * MIB }])!
  // The outside instructor's first limit (issue 19.13): ten times too low.
  expect(limitWarnings(config({ cpuMs: 50, wallMs: 100, memoryMb: 64 }), suggested)).toEqual([
    'limits.cpuMs is 50 ms, below the suggested 500 ms: the slowest Accepted solution (baseline) took 95.0 ms on a perf case, 3× that leaves room for a busy machine',
    'limits.wallMs is 100 ms, below the suggested 1000 ms: twice the suggested cpuMs',
  ])
  expect(limitWarnings(config({ cpuMs: 20_000, wallMs: 40_000, memoryMb: 2048 }), suggested)).toEqual([
    expect.stringMatching(/^limits\.cpuMs is 20000 ms, far above the suggested 500 ms \(over 20×\)/),
    expect.stringMatching(/^limits\.wallMs is 40000 ms, far above the suggested 1000 ms/),
    expect.stringMatching(
      /^limits\.memoryMb is 2048 MB, far above the suggested 50 MB \(over 20×\): the highest metered peak \(baseline\) was 20\.0 MB/,
    ),
  ])
  expect(limitWarnings(config({ cpuMs: 1000, wallMs: 2000, memoryMb: 64 }), suggested)).toEqual([])
  expect(limitWarnings(config({ cpuMs: 1000, wallMs: 2000, memoryMb: 16 }), suggested)).toEqual([
    expect.stringMatching(/^limits\.memoryMb is 16 MB, below the suggested 50 MB/),
  ])
})

it('leaves a tight memory limit alone when an engine is granted, and time alone on a counter clock', () => {
  const suggested = suggestLimits([{ solution: 'baseline', slowestNs: 95e6, peakBytes: 20 * MIB }])!
  expect(
    limitWarnings(
      config({ cpuMs: 50, wallMs: 100, memoryMb: 16, diskMb: 64 }, { engines: ['disk'], clock: 'counter:x' }),
      suggested,
    ),
  ).toEqual([])
})
