import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { bundleForNode, type NodeBundle, nodeArgsFor } from '@arena/sandbox'
import type { FastifyBaseLogger } from 'fastify'

const RUNNER_MAIN = fileURLToPath(new URL('../../../runner/src/main.ts', import.meta.url))
/** apps/runner's exit code for a `--gpu` runner on a machine without a GPU (NO_GPU_EXIT_CODE there). */
const NO_GPU_EXIT_CODE = 3

export interface RunnerSupervisorOptions {
  count: number
  /** Arguments of apps/runner/src/main.ts. */
  args: string[]
  log: FastifyBaseLogger
  env?: NodeJS.ProcessEnv
  /** Runner names are `<namePrefix>-<index>` (default `runner`). */
  namePrefix?: string
  /** A runner finished a job (completed or failed): the server stores its result now, not at its next poll. */
  onJobFinished?: (jobId: string) => void
}

interface Slot {
  index: number
  child: ChildProcess | undefined
  restarts: number
  startedAt: number
  timer: NodeJS.Timeout | undefined
}

/**
 * Runs N runner processes and restarts any that dies (after a pause that grows while it keeps
 * dying). The IPC channel carries pushes both ways (the SQLite queue cannot signal across
 * processes): `wake` tells idle runners a job was enqueued, a runner says `finished` when it
 * completed one. A runner also notices the server going away by it: it exits then.
 */
export class RunnerSupervisor {
  private readonly slots: Slot[]
  private stopping = false
  /**
   * apps/runner bundled (bundleForNode): a runner loads its modules in about a third of the CPU tsx
   * takes; built on the first start, shared by every runner process. Undefined: from source.
   */
  private bundle: Promise<NodeBundle | undefined> | undefined

  constructor(private readonly options: RunnerSupervisorOptions) {
    this.slots = Array.from({ length: options.count }, (_, index) => ({
      index,
      child: undefined,
      restarts: 0,
      startedAt: 0,
      timer: undefined,
    }))
  }

  start(): this {
    for (const slot of this.slots) this.spawn(slot)
    return this
  }

  /** A job was enqueued: idle runners claim now instead of at their next look (a slow fallback). */
  wake(): void {
    for (const slot of this.slots) {
      const child = slot.child
      if (child?.connected) child.send({ type: 'wake' }, undefined, undefined, () => {})
    }
  }

  pids(): number[] {
    return this.slots.flatMap((slot) => (slot.child?.pid ? [slot.child.pid] : []))
  }

  /** SIGTERM (a runner gives its job back), then SIGKILL for any still alive after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.timer) clearTimeout(slot.timer)
        const child = slot.child
        if (!child || child.exitCode !== null || child.signalCode !== null) return
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
        await exited
        clearTimeout(timer)
      }),
    )
  }

  /** Last resort when the server must exit now: no runner outlives it. */
  killAll(): void {
    this.stopping = true
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer)
      slot.child?.kill('SIGKILL')
    }
  }

  private spawn(slot: Slot): void {
    this.bundle ??= bundleForNode([RUNNER_MAIN]).catch(() => undefined)
    void this.bundle.then((bundle) => {
      if (!this.stopping) this.spawnFrom(slot, nodeArgsFor(bundle, RUNNER_MAIN))
    })
  }

  private spawnFrom(slot: Slot, entry: string[]): void {
    const child = spawn(
      process.execPath,
      [
        '--no-node-snapshot',
        ...entry,
        ...this.options.args,
        '--name',
        `${this.options.namePrefix ?? 'runner'}-${slot.index}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: this.options.env ?? process.env },
    )
    slot.child = child
    slot.startedAt = Date.now()
    child.on('message', (message: { type?: unknown; jobId?: unknown }) => {
      if (message?.type === 'finished' && typeof message.jobId === 'string')
        this.options.onJobFinished?.(message.jobId)
    })
    this.options.log.info({ runner: slot.index, runnerPid: child.pid }, 'runner started')
    child.once('exit', (code, signal) => {
      if (this.stopping) return
      if (code === NO_GPU_EXIT_CODE) {
        // Restarting will not give the machine a GPU: gpu jobs wait for a GPU runner elsewhere.
        this.options.log.warn({ runner: slot.index }, 'no GPU adapter here: the GPU runner is not restarted')
        slot.child = undefined
        return
      }
      // A runner that lived a minute was healthy: start counting its failures afresh.
      if (Date.now() - slot.startedAt > 60_000) slot.restarts = 0
      const delay = Math.min(10_000, 250 * 2 ** slot.restarts)
      slot.restarts++
      this.options.log.warn(
        { runner: slot.index, runnerPid: child.pid, code, signal, restartInMs: delay },
        'runner exited',
      )
      slot.timer = setTimeout(() => this.spawn(slot), delay)
    })
  }
}
