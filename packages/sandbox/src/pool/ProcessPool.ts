import { type ChildProcess, fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { bundledChildEntry, type ChildEntry, SOURCE_ENTRY } from './childBundle.ts'
import type { ChildMessage, TaskRequest } from './protocol.ts'

export interface ProcessPoolOptions {
  /** Child processes running at once; defaults to the number of cores. */
  size?: number
  /** Replace a child after this many tasks, bounding any leak in native code. */
  maxTasksPerChild?: number
  /**
   * A child whose resident memory is above this after a task is replaced, so memory a run left held
   * (freed by V8 but kept by the allocator, or leaked) never weighs on the next gradings. Default
   * IDLE_RSS_CEILING_MB.
   */
  idleRssCeilingMb?: number
  /**
   * V8 flags of the children (default CHILD_V8_FLAGS). For measuring their effect (bench
   * sandbox-speed); the grader keeps the default.
   */
  childV8Flags?: readonly string[]
  /**
   * The modules this pool's tasks name (absolute paths of .ts files): the children then start from one
   * bundle of them (childBundle.ts), in a third of the CPU time tsx takes; a task naming another module
   * fails. Without it, children compile what they load (any module).
   */
  taskModules?: readonly string[]
}

export interface Task {
  /** Absolute path or file URL of a trusted module; it runs in the child with Node available. */
  module: string
  fn: string
  payload: unknown
  /** The child is killed when the task takes longer than this, whatever it is doing. */
  deadlineMs: number
  /**
   * The RSS backstop behind the isolates' own limits: while the task runs, the parent reads the child's
   * resident memory (/proc/<pid>/statm) every RSS_POLL_MS and kills the child when it has grown by more
   * than this since the task started (memory no isolate limit counts: engine buffers, copies, ICU).
   * The outcome is then `crashed` with `outOfMemory` and `rssBackstop`.
   */
  memoryBudgetMb?: number
}

/** What the RSS backstop saw when it killed a child. */
export interface RssBackstop {
  budgetMb: number
  /** Growth of the child's resident memory since the task started, when it was killed. */
  grewMb: number
}

/** What became of a task. Crashes and deadlines are values: the pool always answers. */
export type TaskOutcome<T> =
  | { kind: 'done'; value: T }
  | { kind: 'failed'; message: string; stack?: string }
  | {
      kind: 'crashed'
      exitCode: number | null
      signal: string | null
      outOfMemory: boolean
      stderr: string
      /** Set when the parent killed the child for its resident memory (the task's memoryBudgetMb). */
      rssBackstop?: RssBackstop
    }
  | { kind: 'deadline'; deadlineMs: number }

interface Child {
  process: ChildProcess
  /** What it started from: it loads task modules from there. */
  entry: ChildEntry
  ready: Promise<void>
  stderr: string
  tasksRun: number
  busy: boolean
}

interface Pending {
  task: Task
  resolve: (outcome: TaskOutcome<unknown>) => void
}

const STDERR_TAIL = 16 * 1024
/** How often a running task's child's resident memory is read. */
export const RSS_POLL_MS = 25
/**
 * Measured: a child after one small run holds 75 MB resident; after a full grading of sum-array 104
 * MB; after one whose runs each held 80 MB of typed arrays (128 MB limit), 366 MB (freed memory the
 * allocator kept). Above this, memory is held that runs left behind: the child is replaced.
 */
export const IDLE_RSS_CEILING_MB = 512
const PAGE_BYTES = 4096

/** Resident memory of a process in MB, from /proc (Linux); undefined where it cannot be read. */
export function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1])
    return Number.isFinite(pages) ? (pages * PAGE_BYTES) / 2 ** 20 : undefined
  } catch {
    return undefined
  }
}
/**
 * GC on the isolate's own thread (--single-threaded-gc): its work is counted in the isolate's CPU time,
 * equally for reference and submission, instead of on helper threads that the clock does not see.
 * Optimizing compiles stay concurrent: --no-concurrent-recompilation made learner code in an isolate
 * 2.3x (typed-array loop) to 5x (allocation-heavy) slower than in a bare isolate, and did not make the
 * perf score steadier (bench sandbox-speed; the table in the README).
 */
export const CHILD_V8_FLAGS: readonly string[] = ['--single-threaded-gc']

/**
 * A pool of child processes that run sandbox tasks. isolated-vm isolates live in these children and
 * never in the caller's process: V8 aborts the whole process on some out-of-memory paths. A child that
 * dies or overruns its deadline is killed and replaced, and its task ends in an outcome, never a hang.
 */
export class ProcessPool {
  private readonly size: number
  private readonly maxTasksPerChild: number
  private readonly idleRssCeilingMb: number
  private readonly childV8Flags: readonly string[]
  private readonly children = new Set<Child>()
  private readonly queue: Pending[] = []
  private nextId = 1
  private closed = false
  /** How children start; undefined while the bundle is being built (tasks wait in the queue). */
  private entry: ChildEntry | undefined

  constructor(options: ProcessPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism())
    this.maxTasksPerChild = options.maxTasksPerChild ?? 500
    this.idleRssCeilingMb = options.idleRssCeilingMb ?? IDLE_RSS_CEILING_MB
    this.childV8Flags = options.childV8Flags ?? CHILD_V8_FLAGS
    if (!options.taskModules) this.entry = SOURCE_ENTRY
    else
      void bundledChildEntry(options.taskModules)
        .catch(() => undefined)
        .then((entry) => {
          this.entry = entry ?? SOURCE_ENTRY
          this.dispatch()
        })
  }

  run<T>(task: Task): Promise<TaskOutcome<T>> {
    if (this.closed) return Promise.reject(new PoolClosedError())
    return new Promise((resolve) => {
      this.queue.push({ task, resolve: resolve as Pending['resolve'] })
      this.dispatch()
    })
  }

  /** Kills every child; queued tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true
    for (const pending of this.queue.splice(0)) {
      pending.resolve({ kind: 'failed', message: 'The sandbox pool was closed.' })
    }
    await Promise.all([...this.children].map((child) => this.kill(child)))
  }

  get stats(): { children: number; busy: number; queued: number } {
    const busy = [...this.children].filter((child) => child.busy).length
    return { children: this.children.size, busy, queued: this.queue.length }
  }

  private dispatch(): void {
    if (!this.entry) return
    while (this.queue.length > 0) {
      let child = [...this.children].find((candidate) => !candidate.busy)
      if (!child && this.children.size < this.size) child = this.spawn()
      if (!child) return
      const pending = this.queue.shift() as Pending
      child.busy = true
      void this.runOn(child, pending)
    }
  }

  private spawn(): Child {
    // A bundle removed since (unused elsewhere for a day): from source from now on.
    if (!this.entry?.present()) this.entry = SOURCE_ENTRY
    const entry = this.entry
    const process = fork(entry.main, [], {
      execArgv: ['--no-node-snapshot', ...this.childV8Flags, ...entry.execArgv],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    const child: Child = { process, entry, ready: Promise.resolve(), stderr: '', tasksRun: 0, busy: false }
    child.ready = new Promise((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== 'ready') return
        process.off('message', onMessage)
        resolve()
      }
      process.on('message', onMessage)
      process.once('exit', () => reject(new Error('child exited before it was ready')))
    })
    child.ready.catch(() => {})
    process.stderr?.setEncoding('utf8')
    process.stderr?.on('data', (text: string) => {
      child.stderr = (child.stderr + text).slice(-STDERR_TAIL)
    })
    process.once('exit', () => this.children.delete(child))
    this.children.add(child)
    return child
  }

  private async runOn(child: Child, pending: Pending): Promise<void> {
    const outcome = await this.execute(child, pending.task)
    child.tasksRun++
    child.busy = false
    const heldMb = residentMb(child.process.pid)
    const reusable =
      outcome.retire === false &&
      (heldMb === undefined || heldMb <= this.idleRssCeilingMb) &&
      child.tasksRun < this.maxTasksPerChild &&
      this.children.has(child) &&
      !this.closed
    if (!reusable) await this.kill(child)
    pending.resolve(outcome.result)
    this.dispatch()
  }

  private execute(child: Child, task: Task): Promise<{ result: TaskOutcome<unknown>; retire: boolean }> {
    const id = this.nextId++
    const module = child.entry.module(task.module)
    if (module === undefined) {
      const message = `${task.module} is not one of this pool's task modules (ProcessPoolOptions.taskModules).`
      return Promise.resolve({ result: { kind: 'failed', message }, retire: false })
    }
    const request: TaskRequest = { type: 'task', id, module, fn: task.fn, payload: task.payload }
    return new Promise((resolve) => {
      let settled = false
      let rssBackstop: RssBackstop | undefined
      let rssPoll: NodeJS.Timeout | undefined
      const finish = (result: TaskOutcome<unknown>, retire: boolean) => {
        if (settled) return
        settled = true
        clearTimeout(deadline)
        clearInterval(rssPoll)
        child.process.off('message', onMessage)
        child.process.off('exit', onExit)
        resolve({ result, retire })
      }
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'result' && message.id === id) {
          finish({ kind: 'done', value: message.value }, message.tainted)
        } else if (message.type === 'error' && message.id === id) {
          finish({ kind: 'failed', message: message.message, stack: message.stack }, message.tainted)
        }
      }
      const onExit = (exitCode: number | null, signal: string | null) => {
        // Let the stderr pipe drain: it says whether V8 ran out of memory.
        setTimeout(() => {
          finish(
            {
              kind: 'crashed',
              exitCode,
              signal,
              outOfMemory:
                rssBackstop !== undefined ||
                /out of memory|is_heap_oom = 1|Reached heap limit|Last few GCs/i.test(child.stderr),
              stderr: child.stderr,
              ...(rssBackstop ? { rssBackstop } : {}),
            },
            true,
          )
        }, 50)
      }
      const deadline = setTimeout(
        () => finish({ kind: 'deadline', deadlineMs: task.deadlineMs }, true),
        task.deadlineMs,
      )
      child.process.on('message', onMessage)
      child.process.once('exit', onExit)
      const watchResidentMemory = (budgetMb: number) => {
        const startMb = residentMb(child.process.pid)
        if (startMb === undefined) return
        rssPoll = setInterval(() => {
          const grewMb = (residentMb(child.process.pid) ?? startMb) - startMb
          if (grewMb <= budgetMb || rssBackstop) return
          // Rounded up: the growth it reports is always past the budget (150.2 MB must not read as 150).
          rssBackstop = { budgetMb, grewMb: Math.ceil(grewMb) }
          clearInterval(rssPoll)
          child.process.kill('SIGKILL')
        }, RSS_POLL_MS)
      }
      child.ready.then(
        () => {
          if (settled) return
          if (task.memoryBudgetMb !== undefined) watchResidentMemory(task.memoryBudgetMb)
          child.process.send(request)
        },
        () => onExit(child.process.exitCode, child.process.signalCode),
      )
    })
  }

  private kill(child: Child): Promise<void> {
    this.children.delete(child)
    if (child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      child.process.once('exit', () => resolve())
      child.process.kill('SIGKILL')
    })
  }
}

export class PoolClosedError extends Error {
  readonly code = 'ARENA_POOL_CLOSED'
  constructor() {
    super('The sandbox pool is closed.')
  }
}
