import type { GradeResult, PerfCaseResult } from '@arena/grader'
import { describe, expect, it } from 'vitest'
import { challengeSchema } from '../schema.ts'
import { judgeRun } from './judgeRun.ts'
import type { PlannedRun } from './planRuns.ts'

const config = challengeSchema.parse({
  id: 'sum',
  title: 'Sum',
  topic: 'vectorization',
  difficulty: 'easy',
  xp: 1,
  signature: 'function solve(values: Float64Array): number',
  limits: { cpuMs: 1000, wallMs: 1000, memoryMb: 64 },
  perf: {
    warmupSize: 10,
    cases: [
      { name: 'small', size: 10 },
      { name: 'big', size: 1000 },
    ],
    minBaselineSpeedup: 4,
  },
})

function run(
  role: PlannedRun['role'],
  expect: PlannedRun['expect'],
  mode: PlannedRun['mode'] = 'tests',
): PlannedRun {
  return { role, solution: role, file: `/x/${role}.ts`, source: '', mode, expect }
}

function perfCase(name: string, size: number, ratio: number): PerfCaseResult {
  return {
    name,
    size,
    ratio,
    interval: [ratio, ratio],
    spread: 0.01,
    rounds: 9,
    submission: { medianNs: 1, peakBytes: 1 },
    reference: { medianNs: 1, peakBytes: 1 },
    memoryRatio: 1,
  }
}

function result(status: GradeResult['status'], cases: PerfCaseResult[] = []): GradeResult {
  return {
    version: 1,
    challenge: 'p/sum',
    packHash: 'h',
    mode: 'full',
    status,
    tests: [],
    ...(cases.length
      ? { perf: { clock: 'cpu', score: 1, cap: 10, tier: 'gold', memoryRatio: 1, cases } }
      : {}),
    runner: { class: 'cpu', host: 'test' },
    durationMs: 1,
  }
}

describe('judgeRun', () => {
  it('demands the expected verdict', () => {
    expect(judgeRun(run('wrong', 'TimeLimit'), result('TimeLimit'), config)).toEqual({ ok: true })
    expect(judgeRun(run('wrong', 'TimeLimit'), result('WrongAnswer'), config)).toEqual({
      ok: false,
      reason: 'expected TimeLimit, got WrongAnswer',
    })
  })

  it('takes anything but Accepted (and grader faults) for a solution that must be rejected', () => {
    expect(judgeRun(run('wrong', 'NotAccepted'), result('MemoryLimit'), config)).toEqual({ ok: true })
    expect(judgeRun(run('wrong', 'NotAccepted'), result('Accepted'), config).ok).toBe(false)
    expect(judgeRun(run('wrong', 'NotAccepted'), result('InternalError'), config).ok).toBe(false)
    expect(judgeRun(run('starter', 'NotAccepted'), result('Accepted'), config)).toMatchObject({
      reason: expect.stringContaining('starter passes'),
    })
  })

  it("measures the baseline's speed on the largest case: speedup = 1 / ratio", () => {
    const baseline = run('baseline', 'Accepted', 'full')
    const fastEnough = result('Accepted', [perfCase('big', 1000, 0.2), perfCase('small', 10, 0.9)])
    expect(judgeRun(baseline, fastEnough, config)).toEqual({ ok: true })
    const tooClose = result('Accepted', [perfCase('big', 1000, 0.5), perfCase('small', 10, 0.1)])
    expect(judgeRun(baseline, tooClose, config)).toEqual({
      ok: false,
      reason: 'the reference is only 2.00× faster than the baseline on "big" (perf.minBaselineSpeedup: 4)',
    })
    expect(judgeRun(baseline, result('Accepted'), config).ok).toBe(false)
  })
})
