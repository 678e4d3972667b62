// "Where did my time go" (issue 18.1) through real gradings: the profile round of a full Submit points
// at the learner's hot line through the source map, names engine calls, stays within its caps, takes
// no part in any timed round, and never fails a grading when it fails itself.
import { afterAll, describe, expect, it } from 'vitest'
import { createGrader } from '../createGrader.ts'
import { diskCopyChallenge } from '../testing/diskCopyChallenge.ts'
import { sumArrayChallenge } from '../testing/sumArrayChallenge.ts'
import type { CpuProfileSummary, GradeResult, ProfileSide } from '../types.ts'
import { PROFILE_LIMITS } from './summarizeProfile.ts'

const grader = createGrader()
afterAll(() => grader.close())

const base = sumArrayChallenge()
const sumArray = sumArrayChallenge({ perf: { ...base.perf, minRounds: 3, maxRounds: 3 } })

/**
 * The profile round's call is the first call of its run, on the largest case; every timed round's first
 * call is the warm-up on a small input. So this spins 800 ms on line 5 in the profile round only.
 */
const SPIN_ONCE = `let first = true

function spin(until: number): number {
  let x = 0
  while (Date.now() < until) x += Math.sqrt(x + 1)
  return x
}

export function solve(values: Float64Array): number {
  if (first && values.length >= 100_000) spin(Date.now() + 800)
  first = false
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  return sum
}
`

function profileOf(side: ProfileSide | undefined): CpuProfileSummary {
  if (!side?.ok) throw new Error(`no profile: ${side ? side.reason : 'absent'}`)
  return side.profile
}

describe('the profile round of a full Submit', () => {
  let spun: GradeResult
  it('points the hottest line at the learner’s own loop, mapped to the TypeScript line', async () => {
    const phases: string[] = []
    spun = await grader.grade({
      challenge: sumArray,
      source: SPIN_ONCE,
      mode: 'full',
      secretSeed: 5,
      onProgress: (event) =>
        phases.push(event.phase === 'profiling' ? `profiling ${event.caseName}` : event.phase),
    })
    expect(spun.status).toBe('Accepted')
    // The learner is told the score is in and the untimed round is running, after the last timed round.
    expect(phases.filter((phase) => phase !== 'testing' && phase !== 'perf')).toEqual([
      'compiling',
      'profiling large',
      'done',
    ])
    expect(phases.lastIndexOf('perf')).toBeLessThan(phases.indexOf('profiling large'))
    const profile = profileOf(spun.profile?.submission)
    expect(profile.caseName).toBe('large')
    const [hottest] = profile.hotLines
    expect(hottest).toMatchObject({ line: 5, function: 'spin' })
    expect(hottest?.text).toBe('while (Date.now() < until) x += Math.sqrt(x + 1)')
    // Of the call's wall time: on a busy machine part of it is waiting for a CPU.
    expect(hottest?.share).toBeGreaterThan(0.2)
    // The call tree: spin under solve, each at the line where it starts.
    const solve = profile.frames.findIndex((frame) => frame.name === 'solve' && frame.kind === 'learner')
    expect(profile.frames[solve]).toMatchObject({ line: 9, parent: -1 })
    expect(profile.frames).toContainEqual(expect.objectContaining({ name: 'spin', line: 3, parent: solve }))
    expect(profile.wallNs).toBeGreaterThanOrEqual(800e6)
    // The reference's run on the same input, with its own source's lines.
    const reference = profileOf(spun.profile?.reference)
    for (const hot of reference.hotLines) expect(base.referenceSource).toContain(hot.text)
  })

  it('is in no timed round: the 800 ms it spun are in no median and no part of the trial’s time', () => {
    for (const perfCase of spun.perf?.cases ?? []) expect(perfCase.submission.medianNs).toBeLessThan(300e6)
    expect(spun.perf?.spentMs).toBeLessThan(spun.durationMs - 800)
    // The round says what it added to the grading: at least the 800 ms it spun.
    expect(spun.profile?.spentMs).toBeGreaterThanOrEqual(800)
    // Without the round the result is the same but for the profile.
    expect(spun.perf?.cases.map((each) => each.rounds)).toEqual([3])
  })

  it('is left out when the request says so (the benchmark’s baseline)', async () => {
    const result = await grader.grade({
      challenge: sumArray,
      source: base.referenceSource,
      mode: 'full',
      secretSeed: 5,
      profile: false,
      onProgress: (event) => expect(event.phase).not.toBe('profiling'),
    })
    expect(result.status).toBe('Accepted')
    expect(result.profile).toBeUndefined()
  })

  it('names engine calls as the learner wrote them: disk.read and disk.append under solve', async () => {
    const challenge = diskCopyChallenge()
    const source = `import { disk } from 'arena:disk'
interface CopyJob { input: string; output: string; bytes: number }

export function solve(job: CopyJob): number {
  const input = disk.open(job.input)
  const output = disk.create(job.output)
  const buffer = new Uint8Array(256)
  for (let at = 0; at < job.bytes; ) {
    const n = input.read(buffer, at)
    output.append(buffer.subarray(0, n))
    at += n
  }
  output.close()
  return job.bytes
}
`
    const result = await grader.grade({ challenge, source, mode: 'full', secretSeed: 2 })
    expect(result.status).toBe('Accepted')
    const profile = profileOf(result.profile?.submission)
    const solve = profile.frames.findIndex((frame) => frame.name === 'solve')
    const engineCalls = profile.frames.filter((frame) => frame.kind === 'engine' && frame.parent === solve)
    expect(engineCalls.map((frame) => frame.name)).toEqual(
      expect.arrayContaining(['disk.read', 'disk.append']),
    )
    // The engine's own helpers and host callbacks are part of the call, not frames of their own.
    expect(
      profile.frames
        .filter((frame) => frame.kind === 'engine')
        .every((frame) => /^disk\.\w+$/.test(frame.name)),
    ).toBe(true)
  })

  it('stays within its caps on a program of a thousand functions', async () => {
    const names = Array.from(
      { length: 1000 },
      (_, index) => `step${index}WithARatherLongNameThatFillsTheProfileBytes`,
    )
    const source = `${names.map((name) => `function ${name}(x: number): number { let y = x; for (let k = 0; k < 2000; k++) y = (y * 31 + k) % 1000003; return y }`).join('\n')}
const steps = [${names.join(', ')}]
export function solve(values: Float64Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  if (values.length >= 100_000) for (let round = 0; round < 10; round++) for (const step of steps) sum += step(round) * 0
  return sum
}
`
    const challenge = { ...sumArray, limits: { ...sumArray.limits, cpuMs: 5000, wallMs: 10_000 } }
    const result = await grader.grade({ challenge, source, mode: 'full', secretSeed: 7 })
    expect(result.status).toBe('Accepted')
    const profile = profileOf(result.profile?.submission)
    expect(profile.frames.length).toBeLessThanOrEqual(PROFILE_LIMITS.frames)
    expect(profile.hotLines.length).toBeLessThanOrEqual(PROFILE_LIMITS.hotLines)
    expect(JSON.stringify(profile).length).toBeLessThanOrEqual(PROFILE_LIMITS.bytes)
    // A thousand functions of 0.1% each: those sampled are under the share worth drawing, counted and
    // left out.
    expect(profile.droppedFrames).toBeGreaterThan(0)
    expect(profile.frames.filter((frame) => frame.name.startsWith('step')).length).toBeLessThan(50)
    expect(profile.frames.some((frame) => frame.name === 'solve')).toBe(true)
  })

  it('is only a reason when the profiled run fails, and the grading stands', async () => {
    // Throws on a first call of the largest size: only the profile round makes one.
    const source = `let first = true
export function solve(values: Float64Array): number {
  if (first && values.length >= 100_000) throw new Error('first call, size ' + values.length)
  first = false
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  return sum
}
`
    const result = await grader.grade({ challenge: sumArray, source, mode: 'full', secretSeed: 9 })
    expect(result.status).toBe('Accepted')
    expect(result.tier).toBeDefined()
    expect(result.profile?.submission).toEqual({
      ok: false,
      reason: 'the profiled run ended with RuntimeError',
    })
    // The message could quote the hidden input: it is not part of the reason.
    expect(JSON.stringify(result.profile)).not.toContain('200000')
    expect(result.profile?.reference?.ok).toBe(true)
  })

  it('gives a hostile profiled run no hold on the inspector, the reference or the verdict', async () => {
    // The profiled run is the one whose first call gets the largest input: this one pokes at what an
    // inspector-enabled isolate might offer (a breakpoint, console profiles of its own, stopping ours),
    // then never returns.
    const source = `let first = true
export function solve(values: Float64Array): number {
  if (first && values.length >= 100_000) {
    debugger
    const anyConsole = console as unknown as Record<string, (label?: string) => void>
    for (const name of ['profile', 'profileEnd', 'timeStamp']) anyConsole[name]?.('mine')
    anyConsole.profileEnd?.()
    while (true) {}
  }
  first = false
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  return sum
}
`
    const started = Date.now()
    const result = await grader.grade({ challenge: sumArray, source, mode: 'full', secretSeed: 11 })
    expect(result.status).toBe('Accepted')
    expect(result.tier).toBeDefined()
    expect(result.profile?.submission).toEqual({ ok: false, reason: 'the profiled run ended with TimeLimit' })
    // The reference's profiled run after it is whole, and the grading waited no longer than the
    // profiled run's limit (twice the challenge's) for the endless one.
    expect(result.profile?.reference?.ok).toBe(true)
    expect(result.profile?.spentMs).toBeLessThan(2 * sumArray.limits.wallMs + 10_000)
    expect(Date.now() - started).toBeLessThan(result.durationMs + 1000)
  })

  it('shows where the time went of a Submit that ran out of time, cut short, without the reference', async () => {
    // Passes every test; on the perf case's size its inner loop never ends (line 5).
    const source = `export function solve(values: Float64Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  if (values.length >= 100_000) {
    for (let spin = 0; ; spin++) sum += Math.sqrt(spin) * 0
  }
  return sum
}
`
    const phases: string[] = []
    const result = await grader.grade({
      challenge: sumArray,
      source,
      mode: 'full',
      secretSeed: 13,
      onProgress: (event) => phases.push(event.phase),
    })
    expect(result.status).toBe('TimeLimit')
    expect(phases.slice(-2)).toEqual(['profiling', 'done'])
    const profile = profileOf(result.profile?.submission)
    // 80% of the challenge's 1 s of CPU: cut there, the run then stopped by its own limit.
    expect(profile.cutAfterMs).toBe(800)
    expect(profile.hotLines[0]).toMatchObject({ line: 5, function: 'solve' })
    expect(result.profile?.reference).toBeUndefined()
    expect(result.profile?.spentMs).toBeLessThan(sumArray.limits.wallMs + 5_000)
  })

  it('leaves a Run that ran out of time, and a Submit that failed otherwise, without a profile', async () => {
    const endless = 'export function solve(values: Float64Array): number { for (;;) {} }'
    const run = await grader.grade({ challenge: sumArray, source: endless, mode: 'samples', secretSeed: 1 })
    expect(run.status).toBe('TimeLimit')
    expect(run.profile).toBeUndefined()
    const wrong = await grader.grade({
      challenge: sumArray,
      source: 'export function solve(values: Float64Array): number { return values.length }',
      mode: 'full',
      secretSeed: 1,
    })
    expect(wrong.status).toBe('WrongAnswer')
    expect(wrong.profile).toBeUndefined()
  })
})
