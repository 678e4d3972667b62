// The wall limit on a machine busier than its cores: a run whose thread sat queued for a core is given
// that time back (up to WALL_CEILING_FACTOR times its limit), a run that waits on a promise is not.
// This file's process and its sandbox child share one core with busy loops (taskset), so the child's
// thread gets a fraction of a core whatever the rest of the machine does.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProcessPool, WALL_CEILING_FACTOR } from './index.ts'
import type { ProgramRun } from './isolate/outcome.ts'
import type { FixturePayload } from './testing/fixtureTask.ts'

const FIXTURE = fileURLToPath(new URL('./testing/fixtureTask.ts', import.meta.url))
const WALL_MS = 1000
/** Busy loops on the child's core: its thread gets at most a sixth of it. */
const HOGS = 5
const onLinux = process.platform === 'linux'

let pool: ProcessPool
const hogs: ChildProcess[] = []

beforeAll(() => {
  if (!onLinux) return
  // Children inherit the affinity: the pool's child starts after this.
  execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
  pool = new ProcessPool({ size: 1 })
})
afterAll(async () => {
  for (const hog of hogs) hog.kill()
  await pool?.close()
})

async function run(payload: FixturePayload): Promise<ProgramRun> {
  const outcome = await pool.run<ProgramRun>({ module: FIXTURE, fn: 'run', payload, deadlineMs: 60_000 })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}`)
  return outcome.value
}

/** A loop of `iterations` steps: plain computing, no waiting. */
const spin = (iterations: number): FixturePayload => ({
  code: `exports.solve = (n) => { let x = 1; for (let i = 0; i < n; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; return x }`,
  inputs: [iterations],
  limits: { cpuMs: 10 * WALL_MS, wallMs: WALL_MS },
})

describe.runIf(onLinux)('the wall limit does not count time queued for a core', () => {
  it('a call of a quarter of the limit in CPU, starved of its core, ends Accepted past the limit', {
    timeout: 60_000,
  }, async () => {
    // Calibrated alone on the core: iterations for about a quarter of the wall limit in CPU.
    const probe = await run(spin(20_000_000))
    const probeNs = probe.calls[0]?.cpuNs ?? 0
    expect(probe.outcome).toEqual({ status: 'ok' })
    const iterations = Math.round((20_000_000 * (WALL_MS / 4) * 1e6) / Math.max(probeNs, 1))

    for (let i = 0; i < HOGS; i++)
      hogs.push(spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' }))
    const starved = await run(spin(iterations))
    const call = starved.calls[0]
    expect(starved.outcome).toEqual({ status: 'ok' })
    // It was starved: past the wall limit (a sixth of a core at most), where it used to be stopped.
    expect(call?.wallNs ?? 0).toBeGreaterThan(WALL_MS * 1e6)
    expect(call?.wallNs ?? 0).toBeLessThan(WALL_CEILING_FACTOR * WALL_MS * 1e6)
  })

  it('a promise that never settles is still stopped at the wall limit beside the busy loops', {
    timeout: 60_000,
  }, async () => {
    expect(hogs).toHaveLength(HOGS)
    const started = performance.now()
    const waited = await run({
      code: 'exports.solve = () => new Promise(() => {})',
      inputs: [0],
      limits: { cpuMs: 10 * WALL_MS, wallMs: WALL_MS },
    })
    expect(waited.outcome).toMatchObject({ status: 'TimeLimit' })
    // The isolate's thread is not queued while it waits: no time is given back but what its start-up
    // (an isolate and context made on a sixth of a core) sat queued, far from the ceiling.
    expect(performance.now() - started).toBeLessThan(3.5 * WALL_MS)
    expect(WALL_CEILING_FACTOR).toBeGreaterThanOrEqual(5)
  })
})
