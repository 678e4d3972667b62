import { availableParallelism } from 'node:os'
import {
  classifyError,
  isIsolateTimeout,
  markProcessTainted,
  type RunOutcome,
  SourcePositions,
} from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineInstance, EngineRunOptions, TimelineEntry } from '../EngineInstance.ts'
import { WallBudget } from '../wallBudget.ts'
import { MissingWorkerError, PoolWorker, ResultNotCopyableError } from './PoolWorker.ts'
import { POOL_GUEST_SOURCE, workerGuestSource } from './poolGuestSource.ts'
import { splitTasks, type TaskItem } from './splitTasks.ts'
import { transferList } from './transferList.ts'
import { workerMemoryMb } from './workerMemory.ts'

export { workerMemoryMb } from './workerMemory.ts'

export type Failure = Exclude<RunOutcome, { status: 'ok' }>

/** How long a disposed run waits for its workers' stopped tasks to unwind. */
const TASK_UNWIND_MS = 2000
/** How a job ended: its results, or the fault its promise rejects with in the guest. */
export type JobStatus =
  | { ok: true; results: unknown[] }
  | { ok: false; kind: 'TypeError' | 'Error'; message: string }
export type Started = { ok: true; worker: PoolWorker } | { ok: false; failure: Failure }

/** Entries kept for the Gantt chart; later tasks are counted in `timelineDropped`. */
export const MAX_TIMELINE_ENTRIES = 5000
/** Console bytes all workers together may add to the run's console. */
const CONSOLE_FORWARD_BYTES = 64 * 1024
/**
 * How often the run's memory (main isolate and workers together) is sampled for its reported peak
 * (ms). A sample asks each isolate for its heap statistics without waiting for it to yield (an
 * interrupt, ~µs), so it costs the run next to nothing.
 */
const MEMORY_SAMPLE_MS = 10
/**
 * The `pool` engine of one run: `size` worker isolates, each with the learner's module loaded, that
 * run exported worker functions on tasks in parallel. Workers start while the main module evaluates
 * (their start is not in a timed call when the run has a warm-up call). A worker's fault (its error,
 * its CPU limit per task, its memory limit) is the run's outcome, whatever the main isolate does.
 */
export class PoolEngine implements EngineInstance {
  readonly name: string = 'pool'
  /** Workers this run has: the challenge's `workers` limit, capped by this machine's cores. */
  readonly size: number
  /** Each worker isolate's memory limit: its share of the run's (see workerMemoryMb). */
  readonly workerMemoryMb: number
  readonly cores = availableParallelism()
  private readonly startedAt = process.hrtime.bigint()
  /** The timeout of every call into the learner's isolates (wallBudget.ts says why not the CPU left). */
  protected readonly wall: WallBudget
  protected readonly positions: SourcePositions
  private readonly isolates: ivm.Isolate[] = []
  protected starting: Promise<Started[]> | undefined
  protected main: ivm.Isolate | undefined
  protected settle: ivm.Reference<unknown> | undefined
  protected mainLog: ivm.Reference<unknown> | undefined
  protected fault: Failure | undefined
  protected disposed = false
  private jobs = 0
  private bytesIn = 0
  private bytesOut = 0
  private consoleBytes = 0
  protected readonly entries: TimelineEntry[] = []
  private timelineDropped = 0
  protected workers: PoolWorker[] = []
  /** The run's memory (main isolate and every worker together) at its highest sample. */
  private runPeak = 0
  private memoryTimer: NodeJS.Timeout | undefined
  private sampling = false
  /** Host CPU spent on pool jobs (cutting tasks, moving results in) and pool tasks' CPU in the workers. */
  private jobHostNs = 0
  private jobTaskCpuNs = 0
  private workerStartCpuNs = 0
  /**
   * Bytes the host holds for the run's pool jobs in flight: each job's tasks (as the guest counted
   * them) and its results, until the job is settled in the main isolate. All jobs together stay within
   * the run's memory limit: each job alone did, and 20 jobs started without an await held 20 times it.
   */
  private heldBytes = 0
  private heldJobs = 0

  constructor(protected readonly options: EngineRunOptions) {
    this.size = Math.max(1, Math.min(options.limits.workers, this.cores))
    this.workerMemoryMb = workerMemoryMb(options.limits.memoryMb, this.size)
    this.wall = new WallBudget(options.limits.wallMs)
    this.positions = new SourcePositions(options.program.filename, options.program.sourceMap)
  }

  async install({ isolate, context }: { isolate: ivm.Isolate; context: ivm.Context }): Promise<void> {
    this.main = isolate
    await this.installGuest(context)
    this.mainLog = await context.eval('console.log', { reference: true, timeout: 1000 })
    this.starting = this.startWorkers()
    this.memoryTimer = setInterval(() => void this.sampleRunMemory(), MEMORY_SAMPLE_MS)
    this.memoryTimer.unref()
  }

  /**
   * The run's memory at its highest sample: the main isolate and every worker isolate together (heap
   * plus ArrayBuffers, as the sandbox measures one isolate). The grader reports it as the run's peak.
   */
  peakBytes(): number {
    return this.runPeak
  }

  /**
   * CPU the pool's jobs cost on the run's behalf, counted against its CPU limit with the main isolate's
   * (C3): every pool task's CPU in its worker (the main isolate only awaits meanwhile, so without this
   * a run of endless jobs would be stopped by the wall clock only), each worker's loading of the module,
   * and the host's work on jobs (cutting `mapArray` chunks, moving results into the main isolate).
   * MapReduceEngine adds its own tasks. A task still running counts what it has used so far.
   */
  hostCpuNs(): number {
    let runningNs = 0
    for (const worker of this.workers) runningNs += worker.running()?.cpuNs ?? 0
    return this.jobHostNs + this.jobTaskCpuNs + this.workerStartCpuNs + runningNs
  }

  /** The busiest task running now, for a message about the run's CPU limit. */
  activity(): string | undefined {
    let busiest: { activity: string; cpuNs: number } | undefined
    for (const worker of this.workers) {
      const running = worker.running()
      if (running && running.cpuNs > (busiest?.cpuNs ?? -1)) busiest = running
    }
    return busiest?.activity
  }

  /** Runs synchronous host work of a job, timing it into hostCpuNs. */
  protected timedHostWork<T>(work: () => T): T {
    const started = process.hrtime.bigint()
    try {
      return work()
    } finally {
      this.jobHostNs += Number(process.hrtime.bigint() - started)
    }
  }

  /** One sample of the run's memory: the main isolate and every worker isolate at (nearly) one moment. */
  private async sampleRunMemory(): Promise<void> {
    const main = this.main
    if (this.sampling || this.disposed || !main || main.isDisposed) return
    this.sampling = true
    try {
      const all = await Promise.all([main, ...this.isolates].map((isolate) => isolateBytes(isolate)))
      if (!this.disposed)
        this.runPeak = Math.max(
          this.runPeak,
          all.reduce((sum, bytes) => sum + bytes, 0),
        )
    } finally {
      this.sampling = false
    }
  }

  /** Installs what the main isolate sees of this engine (`arena:pool`). */
  protected async installGuest(context: ivm.Context): Promise<void> {
    // Fire and forget: the tasks are copied out when the guest calls it; the job settles later.
    const start = new ivm.Callback(
      (
        job: unknown,
        worker: unknown,
        tasks: unknown,
        workers: unknown,
        chunkLength: unknown,
        bytes: unknown,
      ) => {
        // The guest wrapper checked these, but learner code can patch the built-ins it used: re-check.
        const count = Math.min(this.size, Math.max(1, Math.floor(Number(workers)) || this.size))
        const chunk = Math.max(0, Math.floor(Number(chunkLength)) || 0)
        const taskBytes = Math.max(0, Number(bytes) || 0)
        void this.runJob(Number(job), String(worker), tasks, count, chunk, taskBytes)
      },
      { ignored: true },
    )
    const setup = await context.eval(POOL_GUEST_SOURCE, { reference: true, filename: 'arena:pool' })
    this.settle = await setup.apply(undefined, [start, this.size, this.options.limits.memoryMb * 2 ** 20], {
      timeout: 1000,
      result: { reference: true },
    })
    setup.release()
  }

  /** What a worker isolate sees of the engines before the learner's module loads. */
  protected workerSource(index: number): string {
    return workerGuestSource(this.size, index)
  }

  failure(): Failure | undefined {
    return this.fault
  }

  counters(): EngineCounters {
    const counters: EngineCounters = {
      workers: this.size,
      workersAllowed: this.options.limits.workers,
      cores: this.cores,
      jobs: this.jobs,
      tasks: 0,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      busyNs: 0,
      workerPeakBytes: 0,
      runPeakBytes: this.runPeak,
      poolHostNs: this.jobHostNs,
      poolTaskCpuNs: this.jobTaskCpuNs,
      workerStartCpuNs: this.workerStartCpuNs,
      timelineDropped: this.timelineDropped,
    }
    for (const worker of this.workers) {
      counters.tasks = (counters.tasks ?? 0) + worker.tasks
      counters.busyNs = (counters.busyNs ?? 0) + worker.busyNs
      counters.workerPeakBytes = (counters.workerPeakBytes ?? 0) + worker.peakBytes
      counters[`worker${worker.index}BusyNs`] = worker.busyNs
      counters[`worker${worker.index}Tasks`] = worker.tasks
    }
    return counters
  }

  timeline(): TimelineEntry[] {
    return [...this.entries]
  }

  async dispose(): Promise<void> {
    this.disposed = true
    clearInterval(this.memoryTimer)
    // Disposing an isolate stops whatever it runs, an endless loop included.
    for (const isolate of this.isolates) if (!isolate.isDisposed) isolate.dispose()
    for (const worker of this.workers) worker.dispose()
    this.settle?.release()
    this.mainLog?.release()
    this.settle = undefined
    this.mainLog = undefined
    // A task stopped by the dispose (an endless one, now that tasks are bounded by the wall time left)
    // unwinds on its thread a while after: the run ends once it has, so the next run starts clean.
    await Promise.race([
      Promise.all(this.workers.map((worker) => worker.whenIdle())),
      new Promise((resolve) => setTimeout(resolve, TASK_UNWIND_MS)),
    ])
  }

  private startWorkers(): Promise<Started[]> {
    const { program } = this.options
    const starting = Array.from({ length: this.size }, async (_, index): Promise<Started> => {
      let isolate: ivm.Isolate | undefined
      try {
        const worker = await PoolWorker.start(
          {
            index,
            size: this.size,
            program,
            memoryMb: this.workerMemoryMb,
            wallLeftMs: () => this.wall.leftMs(),
            onConsole: (text) => this.forwardConsole(index, text),
            guestSource: this.workerSource(index),
          },
          (created) => {
            isolate = created
            this.isolates.push(created)
          },
        )
        this.workers.push(worker)
        // Loading the module in a worker is the run's CPU too, as the main isolate's module evaluation
        // is (top-level code can tell a worker from the main isolate and work only there).
        this.workerStartCpuNs += await worker.cpuNs()
        return { ok: true, worker }
      } catch (error) {
        const disposed = isolate?.isDisposed ?? false
        if (disposed && !this.disposed) markProcessTainted()
        if (isolate && !isolate.isDisposed) isolate.dispose()
        return {
          ok: false,
          failure: this.classify(error, disposed, `loading your module in pool worker ${index}`),
        }
      }
    })
    const all = Promise.all(starting)
    all.catch(() => {})
    return all
  }

  private async runJob(
    job: number,
    name: string,
    tasks: unknown,
    workers: number,
    chunkLength: number,
    taskBytes: number,
  ) {
    const held = { bytes: taskBytes }
    this.heldBytes += taskBytes
    this.heldJobs++
    try {
      const status = await this.computeJob(name, tasks, workers, chunkLength, held)
      await this.deliver(this.settle, job, status, 'a pool job')
    } finally {
      this.heldBytes -= held.bytes
      this.heldJobs--
    }
  }

  /**
   * Moves a job's results (or its fault) into the main isolate through the guest's `settle`. Settling
   * resumes the learner's code after its `await`, so a fault there (its CPU time) ends the run.
   */
  protected async deliver(
    settle: ivm.Reference<unknown> | undefined,
    job: number,
    status: JobStatus,
    what: string,
  ): Promise<void> {
    if (this.disposed || !settle || !this.main || this.main.isDisposed) return
    try {
      const value = this.timedHostWork(() => {
        if (!status.ok) return undefined
        const moved = transferList(status.results)
        return new ivm.ExternalCopy(status.results, { transferList: moved.buffers }).copyInto({
          release: true,
          transferIn: true,
        })
      })
      const fault = status.ok ? undefined : { kind: status.kind, message: status.message }
      // Settling resumes the learner's code after \`await pool.map\`: it runs inside this call, within
      // what is left of the run's wall time (its CPU is the sandbox watchdog's to hold).
      await settle.apply(undefined, [job, value, fault], {
        timeout: this.wall.leftMs(),
        arguments: { copy: true },
      })
    } catch (error) {
      if (this.disposed) return
      // V8 disposed the main isolate at its memory limit while the results went in (or while the
      // learner's code resumed after its await): the learner's MemoryLimit, not "Promise was abandoned".
      if (error instanceof Error && /disposed during execution due to memory limit/.test(error.message)) {
        this.fault ??= {
          status: 'MemoryLimit',
          message: `Exceeded the memory limit of ${this.options.limits.memoryMb} MB in your main function while it received the results of ${what} and resumed after its await.`,
        }
        return
      }
      if (this.main.isDisposed) return
      this.fault ??= isIsolateTimeout(error)
        ? {
            status: 'TimeLimit',
            message: `Stopped after ${this.options.limits.wallMs} ms of wall time while calling your code after ${what}.`,
          }
        : {
            status: 'RuntimeError',
            message: `${this.name}: the results could not be returned: ${error instanceof Error ? error.message : String(error)}`,
          }
      // The guest is stuck mid-continuation: end the run now with this fault.
      this.main.dispose()
    }
  }

  private async computeJob(
    name: string,
    tasks: unknown,
    workerCount: number,
    chunkLength: number,
    /** What the host holds for this job (its tasks, then its results too), in `heldBytes`. */
    held: { bytes: number },
  ): Promise<JobStatus> {
    try {
      if (this.fault) return { ok: false, kind: 'Error', message: this.fault.message }
      const started = (await this.starting) ?? []
      const failed = started.find((entry) => !entry.ok)
      if (failed && !failed.ok) return this.fail(failed.failure)
      const workers = started.flatMap((entry) => (entry.ok ? [entry.worker] : [])).slice(0, workerCount)
      if (this.disposed || workers.length === 0) return ended()
      this.jobs++
      const items = this.timedHostWork(() => splitTasks(tasks, chunkLength))
      const results: unknown[] = new Array(items.length)
      let next = 0
      let fault: Failure | undefined
      let resultBytes = 0
      const { limits } = this.options
      let missing: MissingWorkerError | undefined
      await Promise.all(
        workers.map(async (worker) => {
          while (!fault && !missing && !this.disposed && next < items.length) {
            const index = next++
            const item = items[index] as TaskItem
            items[index] = undefined
            const start = this.now()
            const cpuBefore = await worker.cpuNs()
            try {
              const done = await worker.run(name, item.value, {
                index,
                worker: worker.index,
                offset: item.offset,
              })
              this.jobTaskCpuNs += Math.max(0, (await worker.cpuNs()) - cpuBefore)
              results[index] = done.result
              this.bytesIn += done.bytesIn
              this.bytesOut += done.bytesOut
              // Results wait in host memory until the job ends: no more than the main isolate could take,
              // with what the other jobs in flight hold beside them.
              resultBytes += done.bytesOut
              held.bytes += done.bytesOut
              this.heldBytes += done.bytesOut
              const limitBytes = limits.memoryMb * 2 ** 20
              if (resultBytes > limitBytes) {
                fault ??= {
                  status: 'MemoryLimit',
                  message: `Exceeded the memory limit of ${limits.memoryMb} MB: the results of one pool job would not fit in your isolate.`,
                }
              } else if (this.heldJobs > 1 && this.heldBytes > limitBytes) {
                fault ??= {
                  status: 'MemoryLimit',
                  message: `Exceeded the memory limit of ${limits.memoryMb} MB: the ${this.heldJobs} pool jobs in flight together held ${formatMb(this.heldBytes)} of tasks and results, which would not fit in your isolate (a job's tasks and results count until it settles: await a job before starting more).`,
                }
              }
            } catch (error) {
              if (error instanceof MissingWorkerError) missing = error
              else if (error instanceof ResultNotCopyableError) {
                fault ??= { status: 'RuntimeError', message: error.message }
              } else if (!this.disposed) {
                const phase = `running task ${index} (\`${name}\`) on pool worker ${worker.index}`
                fault ??= this.classify(error, worker.isDisposed, phase)
                if (worker.isDisposed) markProcessTainted()
              }
            } finally {
              this.record({ worker: worker.index, start, end: this.now(), label: `${name} #${index}` })
            }
          }
        }),
      )
      for (const worker of workers) worker.samplePeak()
      if (missing) return { ok: false, kind: 'TypeError', message: missing.message }
      if (fault) return this.fail(fault)
      if (this.disposed) return ended()
      return { ok: true, results }
    } catch (error) {
      if (this.disposed) return ended()
      const message = error instanceof Error ? error.message : String(error)
      return this.fail({ status: 'RuntimeError', message: `pool: internal error: ${message}` })
    }
  }

  /** The first fault wins: it is what the learner fixes first. */
  protected fail(failure: Failure): JobStatus {
    this.fault ??= failure
    return { ok: false, kind: 'Error', message: this.fault.message }
  }

  protected classify(error: unknown, isolateDisposed: boolean, phase: string): Failure {
    const { limits } = this.options
    const failure = classifyError(error, {
      // A worker's calls are bounded by the run's wall time left (WallBudget).
      wallTimedOut: isIsolateTimeout(error),
      wallMs: limits.wallMs,
      cpuMs: limits.cpuMs,
      // Every phase classified here runs in a worker, whose limit is its share.
      memoryMb: this.workerMemoryMb,
      isolateDisposed,
      positions: this.positions,
      phase,
    })
    // The learner's line is in the message already; say which task and worker it was.
    if (failure.status === 'RuntimeError' && !failure.message.includes(phase)) {
      return { ...failure, message: `${failure.message}, while ${phase}` }
    }
    if (failure.status === 'MemoryLimit') {
      return {
        ...failure,
        message: `${failure.message} The ${this.size} ${this.name} workers share the run's ${limits.memoryMb} MB memory limit: each has ${this.workerMemoryMb} MB (your main function has its own ${limits.memoryMb} MB).`,
      }
    }
    return failure
  }

  protected record(entry: TimelineEntry): void {
    if (this.entries.length < MAX_TIMELINE_ENTRIES) this.entries.push(entry)
    else this.timelineDropped++
  }

  private forwardConsole(worker: number, text: string): void {
    if (this.consoleBytes >= CONSOLE_FORWARD_BYTES || !this.mainLog) return
    const line = `[pool worker ${worker}] ${text.replace(/\n$/, '')}`
    this.consoleBytes += line.length
    this.mainLog.apply(undefined, [line], { timeout: 100 }).catch(() => {})
  }

  protected now(): number {
    return Number(process.hrtime.bigint() - this.startedAt)
  }
}

/** One isolate's heap and ArrayBuffers now (0 once disposed), asked without waiting for it to yield. */
async function isolateBytes(isolate: ivm.Isolate): Promise<number> {
  if (isolate.isDisposed) return 0
  try {
    const heap = await isolate.getHeapStatistics()
    return heap.total_heap_size + heap.externally_allocated_size
  } catch {
    return 0
  }
}

function formatMb(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`
}

function ended(): JobStatus {
  return { ok: false, kind: 'Error', message: 'pool: the run has ended' }
}
