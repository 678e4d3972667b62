// The wall limit on a machine busier than its cores: a run whose thread sat queued for a core is given
// that time back (up to WALL_CEILING_FACTOR times its limit), a run that waits on a promise is not.
// This file's process and its sandbox child share one core with busy loops (taskset), so the child's
// thread gets a fraction of a core whatever the rest of the machine does.
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProcessPool, WALL_CEILING_FACTOR } from './index.ts'
import type { ProgramRun } from './isolate/outcome.ts'
import type { FixturePayload } from './testing/fixtureTask.ts'
import { busyLoopsOnTheCore, pinToOneCore, starvedPastTheLimit } from './testing/starvedCore.ts'

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
  pinToOneCore()
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
  it('a call that needs less CPU than its wall limit, starved of its core, ends Accepted past the limit', {
    timeout: 60_000,
  }, async () => {
    // Calibrated alone on the core: steps per ms of CPU.
    const probe = await run(spin(20_000_000))
    const probeNs = probe.calls[0]?.cpuNs ?? 0
    expect(probe.outcome).toEqual({ status: 'ok' })
    hogs.push(...busyLoopsOnTheCore(HOGS))

    const { proved, tried } = await starvedPastTheLimit(WALL_MS, async (cpuMs) => {
      const starved = await run(spin(Math.round((20_000_000 * cpuMs * 1e6) / Math.max(probeNs, 1))))
      return { outcome: starved.outcome, wallNs: starved.calls[0]?.wallNs ?? starved.wallNs }
    })
    expect(proved, tried).toBe(true)
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
    // (an isolate and context made on a sixth of a core or less) sat queued, far from the ceiling.
    expect(performance.now() - started).toBeLessThan(0.8 * WALL_CEILING_FACTOR * WALL_MS)
  })
})
