// The pool engine on a machine busier than its cores: its workers' tasks, starved of a core, run to
// the run's ceiling (WallBudget), as the run's own wall watchdog gives it the time it sat queued
// (packages/sandbox/src/starvedWall.test.ts). This file's process and its sandbox child share one core
// with busy loops (taskset), so the workers get a fraction of a core whatever the rest of the machine does.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ProcessPool, WALL_CEILING_FACTOR } from '@arena/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PoolPayload, PoolReport } from './testing/poolTask.ts'

const TASK = fileURLToPath(new URL('./testing/poolTask.ts', import.meta.url))
const WALL_MS = 1000
const HOGS = 5
const onLinux = process.platform === 'linux'

let sandbox: ProcessPool
const hogs: ChildProcess[] = []

beforeAll(() => {
  if (!onLinux) return
  // Children inherit the affinity: the sandbox child starts after this.
  execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
  sandbox = new ProcessPool({ size: 1 })
})
afterAll(async () => {
  for (const hog of hogs) hog.kill()
  await sandbox?.close()
})

async function run(payload: PoolPayload): Promise<PoolReport> {
  const outcome = await sandbox.run<PoolReport>({ module: TASK, fn: 'runPool', payload, deadlineMs: 60_000 })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}`)
  return outcome.value
}

/** Two pool tasks of `iterations` steps each: plain computing on the workers, no waiting. */
const spinOnWorkers = (iterations: number): PoolPayload => ({
  code: `exports.spin = (n) => { let x = 1; for (let i = 0; i < n; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; return x }
exports.solve = async (n) => (await pool.map('spin', [n, n])).length`,
  inputs: [iterations],
  limits: { cpuMs: 10 * WALL_MS, wallMs: WALL_MS },
})

describe.runIf(onLinux)('a pool run starved of its core (the wall limit does not count time queued)', () => {
  it('two worker tasks of an eighth of the limit each end Accepted past the limit', {
    timeout: 60_000,
  }, async () => {
    // Calibrated on the core alone: iterations for about an eighth of the wall limit per task.
    const probe = await run(spinOnWorkers(10_000_000))
    expect(probe.run.outcome).toEqual({ status: 'ok' })
    const perTaskNs = (probe.counters.busyNs ?? probe.run.calls[0]?.cpuNs ?? 0) / 2
    const iterations = Math.round((10_000_000 * (WALL_MS / 8) * 1e6) / Math.max(perTaskNs, 1))

    for (let i = 0; i < HOGS; i++)
      hogs.push(spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' }))
    const starved = await run(spinOnWorkers(iterations))
    const wallNs = starved.run.calls[0]?.wallNs ?? 0
    expect(starved.run.outcome).toEqual({ status: 'ok' })
    expect(starved.run.outputs).toEqual([2])
    // Starved: past the wall limit, where a worker's task used to be stopped.
    expect(wallNs).toBeGreaterThan(WALL_MS * 1e6)
    expect(wallNs).toBeLessThan(WALL_CEILING_FACTOR * WALL_MS * 1e6)
  })
})
