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

/** A full grading whose overall score is `score` (the tier as the grader gives it). */
function scored(score: number): GradeResult {
  const graded = result('Accepted', [perfCase('big', 1000, score)])
  if (graded.perf)
    Object.assign(graded.perf, { score, tier: score >= 0.95 ? 'gold' : score >= 0.5 ? 'silver' : 'bronze' })
  return graded
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

  it("measures the baseline's speed on the largest case, the last (cases are listed smallest first): speedup = 1 / ratio", () => {
    const baseline = run('baseline', 'Accepted', 'full')
    const fastEnough = result('Accepted', [perfCase('small', 10, 0.9), perfCase('big', 1000, 0.2)])
    expect(judgeRun(baseline, fastEnough, config)).toEqual({ ok: true })
    const tooClose = result('Accepted', [perfCase('small', 10, 0.1), perfCase('big', 1000, 0.5)])
    expect(judgeRun(baseline, tooClose, config)).toEqual({
      ok: false,
      reason: 'the reference is only 2.00× faster than the baseline on "big" (perf.minBaselineSpeedup: 4)',
    })
    expect(judgeRun(baseline, result('Accepted'), config).ok).toBe(false)
  })

  it('demands of a slow solution (a route around the lesson) Accepted and a score below gold', () => {
    const slow = run('slow', 'Accepted', 'full')
    expect(judgeRun(slow, scored(0.6), config)).toEqual({ ok: true })
    expect(judgeRun(slow, scored(0.94), config)).toEqual({ ok: true })
    expect(judgeRun(slow, scored(0.95), config)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^this route around the lesson scores 0\.95 \(gold; 0\.95× the reference on "big"\)/,
      ),
    })
    expect(judgeRun(slow, scored(10), config).ok).toBe(false)
    expect(judgeRun(slow, result('WrongAnswer'), config)).toEqual({
      ok: false,
      reason: 'expected Accepted, got WrongAnswer',
    })
  })

  it("does not judge the baseline's speed on an unscored trial either, and says so", () => {
    const baseline = run('baseline', 'Accepted', 'full')
    const unscored = result('Accepted', [perfCase('big', 1000, 1.09)])
    if (unscored.perf) {
      delete unscored.perf.score
      delete unscored.perf.tier
      unscored.perf.note = 'Timed on a software GPU (SwiftShader, `gpu:swiftshader`): …'
    }
    expect(judgeRun(baseline, unscored, config)).toMatchObject({
      ok: true,
      note: expect.stringMatching(
        /^baseline speed not judged \(the reference is 0\.92× faster on "big"; perf\.minBaselineSpeedup: 4\): Timed on a software GPU/,
      ),
    })
    // A scored trial is judged as ever.
    expect(judgeRun(baseline, scored(1 / 1.09), config).ok).toBe(false)
  })

  it('does not judge a slow solution whose trial is unscored (a GPU challenge on a software GPU), and says so', () => {
    // Plain JavaScript beats kernels that run on the CPU (SwiftShader: 2.3-2.9x): that is no verdict
    // on the lesson, so the row passes with a note instead of failing.
    const slow = run('slow', 'Accepted', 'full')
    const unscored = result('Accepted', [perfCase('big', 1000, 2.6)])
    if (unscored.perf) {
      delete unscored.perf.score
      delete unscored.perf.tier
      unscored.perf.note = 'Timed on a software GPU (SwiftShader, `gpu:swiftshader`): …'
    }
    const judgement = judgeRun(slow, unscored, config)
    expect(judgement.ok).toBe(true)
    expect(judgement).toMatchObject({
      note: expect.stringMatching(
        /^route around the lesson not judged: Timed on a software GPU .* Run `arena pack test --runner gpu` on a hardware GPU/,
      ),
    })
  })

  it('demands that the check rejects an output probe, and never crashes on it', () => {
    const probe: PlannedRun = { ...run('probe', 'NotAccepted', 'samples'), probe: 'null' }
    expect(judgeRun(probe, result('WrongAnswer'), config)).toEqual({ ok: true })
    expect(judgeRun(probe, result('Accepted'), config)).toEqual({
      ok: false,
      reason: "the check accepts null as the output: check the output's type and shape before its values",
    })
    const crashed = {
      ...result('InternalError'),
      message: "TypeError: Cannot read properties of null (reading 'top')",
    }
    expect(judgeRun(probe, { ...result('InternalError'), message: 'boom' }, config).ok).toBe(false)
    expect(judgeRun(probe, crashed, config)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^the check fails on null \(InternalError \(TypeError: Cannot read.*\)\): check an untrusted output's type/,
      ),
    })
  })
})
