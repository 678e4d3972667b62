// A profiled call (RunOptions.profile): V8's samples with line ticks land on the line that spends the
// time, on either way of calling the entry, and a run that is not profiled has no inspector at all.
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { CpuProfile } from './isolate/callProfiler.ts'
import type { ProgramRun } from './isolate/outcome.ts'
import { ProcessPool } from './pool/ProcessPool.ts'
import type { FixturePayload } from './testing/fixtureTask.ts'

const FIXTURE = fileURLToPath(new URL('./testing/fixtureTask.ts', import.meta.url))
const pool = new ProcessPool({ size: 1 })
afterAll(() => pool.close())

async function run(payload: FixturePayload): Promise<ProgramRun> {
  const outcome = await pool.run<ProgramRun>({ module: FIXTURE, fn: 'run', payload, deadlineMs: 30_000 })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}`)
  return outcome.value
}

// Line 3 of the compiled script (the fixture wraps the code on line 1): a 150 ms busy loop.
const HOT = `exports.solve = (ms) => {
  const until = Date.now() + ms; let x = 0
  while (Date.now() < until) x += Math.sqrt(x + 1)
  return x > 0
}`

/** Ticks per line of the script over every node of the profile. */
function lineTicks(profile: CpuProfile): Map<number, number> {
  const ticks = new Map<number, number>()
  for (const node of profile.nodes) {
    if (node.callFrame.url !== 'solution.js') continue
    for (const tick of node.positionTicks ?? [])
      ticks.set(tick.line, (ticks.get(tick.line) ?? 0) + tick.ticks)
  }
  return ticks
}

describe('a profiled call', () => {
  it.each([
    ['called asynchronously', false],
    ['of a run whose calls are synchronous (the disk engine’s)', true],
  ])('samples the hot line, %s', async (_, synchronous) => {
    const result = await run({
      code: HOT,
      inputs: [150],
      synchronous,
      options: { profile: { call: 0, intervalUs: 100 } },
    })
    expect(result.outcome).toEqual({ status: 'ok' })
    if (!result.profile?.ok) throw new Error(`no profile: ${result.profile?.reason}`)
    expect(result.profile.intervalUs).toBe(100)
    expect(result.profile.wallNs).toBeGreaterThanOrEqual(150e6)
    const ticks = lineTicks(result.profile.profile)
    const [hottest] = [...ticks].sort((a, b) => b[1] - a[1])
    expect(hottest?.[0]).toBe(3)
    // Samples are taken only while the thread runs: a loaded machine gives fewer, not other, lines.
    const all = [...ticks.values()].reduce((sum, n) => sum + n, 0)
    expect(hottest?.[1]).toBeGreaterThanOrEqual(Math.max(3, 0.8 * all))
  })

  it('profiles only the call it names: the earlier call’s loop is not in it', async () => {
    const result = await run({
      code: `exports.solve = (n) => { if (n === 1) { const until = Date.now() + 150; while (Date.now() < until) {} } return n }`,
      inputs: [1, 2],
      options: { profile: { call: 1, intervalUs: 100 } },
    })
    if (!result.profile?.ok) throw new Error(`no profile: ${result.profile?.reason}`)
    const sampled = result.profile.profile.samples?.length ?? 0
    // The 150 ms of call 0 would be well over a thousand samples.
    expect(sampled).toBeLessThan(200)
  })

  it('gives a reason, not a profile, for a run that failed', async () => {
    const result = await run({
      code: `exports.solve = () => { throw new Error('secret input 4242') }`,
      inputs: [0],
      options: { profile: { call: 0, intervalUs: 100 } },
    })
    expect(result.outcome.status).toBe('RuntimeError')
    expect(result.profile).toEqual({ ok: false, reason: 'the profiled run ended with RuntimeError' })
  })

  it.each([
    ['called asynchronously', false],
    ['of a run whose calls are synchronous', true],
  ])('is taken at its cut from a call that then runs out of time, %s', async (_, synchronous) => {
    const result = await run({
      code: HOT,
      inputs: [60_000],
      synchronous,
      options: { profile: { call: 0, intervalUs: 100, cutAfterMs: 300 } },
    })
    expect(result.outcome.status).toBe('TimeLimit')
    if (!result.profile?.ok) throw new Error(`no profile: ${result.profile?.reason}`)
    expect(result.profile.cutAfterMs).toBe(300)
    const [hottest] = [...lineTicks(result.profile.profile)].sort((a, b) => b[1] - a[1])
    expect(hottest?.[0]).toBe(3)
  })

  it('is taken at its cut from a call the CPU watchdog stops (work after an await, which no timeout covers)', async () => {
    // The watchdog disposes the isolate under the open inspector session: the session is then left
    // to isolated-vm’s teardown (disposing it too was seen, under load, to hang the child until its deadline).
    const result = await run({
      code: `exports.solve = async () => { await 0; let x = 0; for (;;) x += Math.sqrt(x + 1) }`,
      inputs: [0],
      options: { profile: { call: 0, intervalUs: 100, cutAfterMs: 300 } },
    })
    expect(result.outcome.status).toBe('TimeLimit')
    expect(result.profile).toMatchObject({ ok: true, cutAfterMs: 300 })
    expect((await run({ code: HOT, inputs: [1] })).outcome).toEqual({ status: 'ok' })
  })

  it('is whole, not cut, from a call that ends before its cut', async () => {
    const result = await run({
      code: HOT,
      inputs: [50],
      options: { profile: { call: 0, intervalUs: 100, cutAfterMs: 1000 } },
    })
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result.profile).toMatchObject({ ok: true })
    expect(result.profile).not.toHaveProperty('cutAfterMs')
  })

  it('is absent from a run that asked for none', async () => {
    const result = await run({ code: HOT, inputs: [1] })
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result).not.toHaveProperty('profile')
  })

  it('leaves its process able to take a late sample signal (SIGPROF after the profiler stopped)', async () => {
    await run({ code: HOT, inputs: [20], options: { profile: { call: 0, intervalUs: 100 } } })
    const task = (fn: string) => pool.run<number>({ module: FIXTURE, fn, payload: {}, deadlineMs: 10_000 })
    const before = await task('pid')
    const after = await task('lateProfilerSample')
    expect(after).toEqual({ kind: 'done', value: before.kind === 'done' ? before.value : -1 })
    // The signal outlived the profiler, not the listener: the child runs profiled calls as before.
    const again = await run({ code: HOT, inputs: [20], options: { profile: { call: 0, intervalUs: 100 } } })
    expect(again.profile?.ok).toBe(true)
  })
})
