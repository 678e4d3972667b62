// The pool engine on a machine busier than its cores: its workers' tasks, starved of a core, may run to
// the run's ceiling (WallBudget), as the run's own wall watchdog gives it the time it sat queued
// (packages/sandbox/src/starvedWall.test.ts), and its CPU limit counts the CPU they used, not the wall
// time the core took to give it. This file's process and its sandbox child share one core
// with busy loops (taskset), so the workers get a fraction of a core whatever the rest of the machine does.
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { busyLoopsOnTheCore, pinToOneCore, starvedPastTheLimit } from '@arena/sandbox/testing/starvedCore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PoolPayload, PoolReport } from './testing/poolTask.ts'

const TASK = fileURLToPath(new URL('./testing/poolTask.ts', import.meta.url))
const WALL_MS = 1000
const HOGS = 5
const onLinux = process.platform === 'linux'

let sandbox: ProcessPool
const hogs: ChildProcess[] = []
/** The workers' CPU for spinOnWorkers(PROBE_ITERATIONS), measured on the core alone. */
const PROBE_ITERATIONS = 10_000_000
let probeNs = 0

beforeAll(async () => {
  if (!onLinux) return
  // Children inherit the affinity: the sandbox child starts after this.
  pinToOneCore()
  sandbox = new ProcessPool({ size: 1 })
  // The workers' CPU (the engine's host CPU on the run's behalf), not their busy wall time, which a
  // neighbour's load stretches.
  const probe = await run(spinOnWorkers(PROBE_ITERATIONS))
  expect(probe.run.outcome).toEqual({ status: 'ok' })
  probeNs = probe.run.calls[0]?.engineCpuNs ?? 0
  hogs.push(...busyLoopsOnTheCore(HOGS))
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
  it('worker tasks that need less CPU than the wall limit, starved of their core, end Accepted past the limit', {
    timeout: 90_000,
  }, async () => {
    const { proved, tried } = await starvedPastTheLimit(WALL_MS, async (cpuMs) => {
      // Two tasks, half of the CPU each.
      const starved = await run(
        spinOnWorkers(Math.round((2 * PROBE_ITERATIONS * (cpuMs / 2) * 1e6) / Math.max(probeNs, 1))),
      )
      if (starved.run.outcome.status === 'ok') expect(starved.run.outputs).toEqual([2])
      return { outcome: starved.run.outcome, wallNs: starved.run.calls[0]?.wallNs ?? starved.run.wallNs }
    })
    expect(proved, tried).toBe(true)
  })

  it('stops a job by the CPU its tasks used, not by the wall time the machine took to give it', {
    timeout: 90_000,
  }, async () => {
    // isolated-vm's `timeout` is wall time: bounded by the run's CPU limit, a task that had used half
    // of it was stopped once the busy machine had taken that long. The CPU limit is set just above what
    // the tasks use, far below the wall time the shared core takes to give it (two tasks and the hogs).
    const job = (cpuMs: number): PoolPayload => ({
      ...spinOnWorkers(6 * PROBE_ITERATIONS),
      limits: { cpuMs, wallMs: 60_000 },
    })
    const measured = await run(job(20_000))
    expect(measured.run.outcome).toEqual({ status: 'ok' })
    const call = measured.run.calls[0]
    const usedMs = ((call?.cpuNs ?? 0) + (call?.engineCpuNs ?? 0)) / 1e6
    const cpuMs = Math.ceil(usedMs * 1.6 + 50)
    const report = await run(job(cpuMs))
    const wallMs = (report.run.calls[0]?.wallNs ?? report.run.wallNs) / 1e6
    const aloneMs = (6 * probeNs) / 1e6
    const said = `${usedMs.toFixed(0)} ms of CPU (${aloneMs.toFixed(0)} ms on the core alone) under a limit of ${cpuMs} ms, ${wallMs.toFixed(0)} ms wall: ${JSON.stringify(report.run.outcome)}`
    expect(report.run.outcome, said).toEqual({ status: 'ok' })
    expect(wallMs, said).toBeGreaterThan(cpuMs)
    // A task's clock read while its thread still held the isolate counted the wait for the core.
    expect(usedMs, said).toBeLessThan(1.5 * aloneMs + 30)
  })
})
