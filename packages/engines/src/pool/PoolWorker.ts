import {
  type CallRecord,
  CONSOLE_BOOTSTRAP,
  GUEST_CALLER_SOURCE,
  GUEST_LOCKDOWN_SOURCE,
  GuestThrow,
  type IsolateProgram,
  settledCpuNs,
} from '@arena/sandbox'
import ivm from 'isolated-vm'
import { OneAtATime } from '../oneAtATime.ts'
import { HELPER_PREFIX } from './helperPrefix.ts'
import { workerGuestSource } from './poolGuestSource.ts'
import { transferList } from './transferList.ts'

export { HELPER_PREFIX }

/** What a task's worker function receives as its second argument. */
export interface TaskInfo {
  index: number
  worker: number
  offset: number
}

export interface PoolWorkerOptions {
  index: number
  size: number
  program: IsolateProgram
  memoryMb: number
  /** The timeout of each call into the worker: the run's wall time left (wallBudget.ts). */
  wallLeftMs(): number
  /** Console text of this worker, already formatted and capped inside it. */
  onConsole(text: string): void
  /** What the worker sees of the engines before the module loads; default the pool's (`workerGuestSource`). */
  guestSource?: string
}

/** Tasks between two samples of a worker's heap statistics. */
const PEAK_SAMPLE_EVERY = 64
/** Console bytes one worker may send to the run's console. */
const WORKER_CONSOLE_BYTES = 16 * 1024

/**
 * One worker isolate of a run's pool: the learner's module loaded on its own V8 isolate, which
 * isolated-vm runs on its own thread. Tasks run one at a time; the pool runs workers side by side.
 */
export class PoolWorker {
  busyNs = 0
  peakBytes = 0
  tasks = 0
  private readonly functions = new Map<string, { call: ivm.Reference<unknown>; learner: boolean }>()
  private disposed = false
  /** Tasks of concurrent jobs (two maps awaited together) take turns: busy time stays one worker's. */
  private readonly turns = new OneAtATime()
  /** The task running now: what it is, and the isolate's clock when it began (see `running`). */
  private current: { activity: string; cpuAtStartNs: number } | undefined

  private constructor(
    readonly index: number,
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly options: PoolWorkerOptions,
    /** `makeCaller` of the sandbox's guest caller, evaluated before the learner's module (see `function`). */
    private readonly makeCaller: ivm.Reference<unknown>,
  ) {}

  /**
   * Creates the isolate and evaluates the learner's module in it. Throws what the isolate threw; the
   * caller gets the isolate first through `onIsolate`, to classify the failure and dispose it.
   */
  static async start(
    options: PoolWorkerOptions,
    onIsolate: (isolate: ivm.Isolate) => void,
  ): Promise<PoolWorker> {
    const isolate = new ivm.Isolate({ memoryLimit: options.memoryMb })
    onIsolate(isolate)
    const context = await isolate.createContext()
    const write = new ivm.Callback(
      (text: unknown) => {
        if (typeof text === 'string') options.onConsole(text)
      },
      { ignored: true },
    )
    // Each step is bounded by the run's wall time left (its ceiling: WallBudget), not a fixed 1 s,
    // which a worker started on a machine busier than its cores could spend queued for a core.
    const bootstrap = await context.eval(CONSOLE_BOOTSTRAP, { reference: true })
    await bootstrap.apply(undefined, [write, WORKER_CONSOLE_BYTES], { timeout: options.wallLeftMs() })
    // As in the main isolate, before any learner code: no WebAssembly, no resizable buffers, no
    // Atomics.wait (memory outside the isolate's limit, blocked threads), and the caller that captures
    // its intrinsics now, so the learner's module cannot patch what materializes a task's result.
    await context.eval(GUEST_LOCKDOWN_SOURCE, { timeout: options.wallLeftMs() })
    const makeCaller = await context.eval(GUEST_CALLER_SOURCE, {
      reference: true,
      timeout: options.wallLeftMs(),
    })
    await context.eval(options.guestSource ?? workerGuestSource(options.size, options.index), {
      timeout: options.wallLeftMs(),
    })
    const script = await isolate.compileScript(options.program.code, { filename: options.program.filename })
    await script.run(context, { timeout: options.wallLeftMs() })
    const worker = new PoolWorker(options.index, isolate, context, options, makeCaller)
    worker.samplePeak()
    return worker
  }

  /** The module's exported function names, for an error that lists them. */
  async exportedFunctions(): Promise<string[]> {
    const global = JSON.stringify(this.options.program.globalName)
    const names = await this.context.eval(
      `(() => { const m = globalThis[${global}] ?? {}; return Object.keys(m).filter((k) => typeof m[k] === 'function').join(',') })()`,
      { timeout: this.options.wallLeftMs(), copy: true },
    )
    return typeof names === 'string' && names ? names.split(',') : []
  }

  /**
   * Runs one task: the value is moved in (its ArrayBuffers transferred, not copied), the result
   * copied out. Throws whatever the task threw, as isolated-vm hands it over.
   */
  async run(
    name: string,
    value: unknown,
    info: TaskInfo,
    /** What the task is, in a message ("running map task 3 (`mapper`) on worker 1"). */
    activity = `running task ${info.index} (\`${name}\`) on pool worker ${info.worker}`,
  ): Promise<{ result: unknown; bytesIn: number; bytesOut: number }> {
    return this.turns.run(async () => {
      this.current = { activity, cpuAtStartNs: Number(this.isolate.cpuTime) }
      try {
        return await this.runNow(name, value, info)
      } finally {
        this.current = undefined
      }
    })
  }

  private async runNow(
    name: string,
    value: unknown,
    info: TaskInfo,
  ): Promise<{ result: unknown; bytesIn: number; bytesOut: number }> {
    const fn = await this.function(name)
    const moved = transferList(value)
    const started = process.hrtime.bigint()
    try {
      const result = fn.learner
        ? await this.callLearner(fn.call, value, moved.buffers, info)
        : await fn.call.apply(
            undefined,
            [
              new ivm.ExternalCopy(value, { transferList: moved.buffers }).copyInto({
                release: true,
                transferIn: true,
              }),
              info.index,
              info.worker,
              info.offset,
            ],
            { timeout: this.options.wallLeftMs(), result: { promise: true, copy: true } },
          )
      return { result, bytesIn: moved.bytes, bytesOut: transferList(result).bytes }
    } catch (error) {
      // isolated-vm's own copy of the result failed: a TypeError without a single stack frame.
      if (error instanceof TypeError && !/\n\s+at /.test(error.stack ?? '')) {
        throw new ResultNotCopyableError(name, info.index, error.message)
      }
      throw error
    } finally {
      this.busyNs += Number(process.hrtime.bigint() - started)
      // Heap statistics take a round trip to the isolate's thread: sampled every few tasks and at the
      // end of each job (see PoolEngine), so they do not add to every task's overhead.
      if (++this.tasks % PEAK_SAMPLE_EVERY === 0) this.samplePeak()
    }
  }

  /**
   * A learner's worker function, through the guest caller: it awaits the function's promise and
   * materializes the result into plain data INSIDE the worker, within the task's CPU limit, so no
   * getter, proxy trap or lazy structure of a result runs while it is copied out (off every clock). A
   * throw is described inside the worker, bounded: a 50 MB message never crosses.
   */
  private async callLearner(
    caller: ivm.Reference<unknown>,
    value: unknown,
    buffers: ArrayBuffer[],
    info: TaskInfo,
  ): Promise<unknown> {
    // One array crosses (its buffers moved, not copied); the trampoline unpacks it in the worker.
    const packed = new ivm.ExternalCopy([value, info.index, info.worker, info.offset], {
      transferList: buffers,
    }).copyInto({ release: true, transferIn: true })
    const record = (await caller.apply(undefined, [packed], {
      timeout: this.options.wallLeftMs(),
      result: { promise: true, copy: true },
    })) as CallRecord
    if (!record.ok) throw new GuestThrow(record.thrown)
    return record.value
  }

  /**
   * Evaluates engine-made code in this worker as part of the learner's program (its filename, at the
   * given offsets) and returns its completion value, copied. The dataset engine compiles each of the
   * learner's functions this way at its own place in the program, so a throw inside keeps their line.
   * Runs between tasks (the engine awaits it), within the task CPU limit.
   */
  async evaluate(code: string, origin: { lineOffset: number; columnOffset: number }): Promise<unknown> {
    return this.context.eval(code, {
      filename: this.options.program.filename,
      lineOffset: origin.lineOffset,
      columnOffset: origin.columnOffset,
      timeout: this.options.wallLeftMs(),
      copy: true,
    })
  }

  get isDisposed(): boolean {
    return this.isolate.isDisposed
  }

  /**
   * The task running now and the CPU it has used so far, read mid-task: the run's CPU watchdog counts
   * it before the task ends, so an endless task is stopped at the CPU limit. isolated-vm's clock reads
   * the hold's wall time meanwhile; the watchdog bounds that by the process's CPU (runProgram.ts).
   */
  running(): { activity: string; cpuNs: number } | undefined {
    const current = this.current
    if (!current || this.isolate.isDisposed) return undefined
    return {
      activity: current.activity,
      cpuNs: Math.max(0, Number(this.isolate.cpuTime) - current.cpuAtStartNs),
    }
  }

  /** This worker's CPU time, read once its thread has let go of the isolate (see `settledCpuNs`). */
  cpuNs(): Promise<number> {
    return settledCpuNs(this.isolate)
  }

  /** Settles once the task running now (if any) has ended, as it does soon after a dispose. */
  whenIdle(): Promise<void> {
    return this.turns.idle()
  }

  /** Idempotent: the engine disposes its workers when the run ends, and again if disposed twice. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const { call } of this.functions.values()) call.release()
    this.functions.clear()
    this.makeCaller.release()
    if (!this.isolate.isDisposed) this.isolate.dispose()
  }

  private async function(name: string): Promise<{ call: ivm.Reference<unknown>; learner: boolean }> {
    const known = this.functions.get(name)
    if (known) return known
    const helper = name.startsWith(HELPER_PREFIX)
    const scope = helper ? '__arena_helpers' : this.options.program.globalName
    const key = helper ? name.slice(HELPER_PREFIX.length) : name
    // A trampoline builds the info object inside the worker: three numbers cross, not an object. A
    // learner's function gets its task packed in an array (own data properties: nothing to patch).
    const trampoline = helper
      ? '(task, index, worker, offset) => f(task, { index, worker, offset })'
      : '(packed) => f(packed[0], { index: packed[1], worker: packed[2], offset: packed[3] })'
    const reference = await this.context.eval(
      `(() => { const f = globalThis[${JSON.stringify(scope)}]?.[${JSON.stringify(key)}]; return typeof f === 'function' ? ${trampoline} : undefined })()`,
      { reference: true, timeout: this.options.wallLeftMs() },
    )
    if (reference.typeof !== 'function') throw new MissingWorkerError(name, await this.exportedFunctions())
    // Both go through the guest caller, which materializes the result inside the worker: a learner's
    // function (awaited, its throws described there), and the engine's own helpers (mapreduce,
    // dataset), whose results are built where the learner's module may have patched the built-ins.
    const what = helper ? `the output of this ${key} task` : `the value returned by \`${name}\``
    const call = (await this.makeCaller.apply(
      undefined,
      [reference.derefInto(), this.options.memoryMb * 2 ** 20, what, helper],
      { result: { reference: true }, timeout: this.options.wallLeftMs() },
    )) as ivm.Reference<unknown>
    reference.release()
    const entry = { call, learner: !helper }
    this.functions.set(name, entry)
    return entry
  }

  samplePeak(): void {
    if (this.isolate.isDisposed) return
    // What the memory limit counts (see @arena/sandbox's meteredBytes): the heap in use + ArrayBuffers.
    const heap = this.isolate.getHeapStatisticsSync()
    this.peakBytes = Math.max(this.peakBytes, heap.used_heap_size + heap.externally_allocated_size)
  }
}

/** `pool.map('name', …)` where the module exports no function `name`: the learner's mistake, named. */
export class MissingWorkerError extends Error {
  readonly code = 'ARENA_POOL_NO_WORKER_FUNCTION'
  constructor(
    readonly worker: string,
    exported: string[],
  ) {
    super(
      `pool: your module exports no function named \`${worker}\`${exported.length ? ` (its functions: ${exported.join(', ')})` : ''}; export the function each worker runs on a task.`,
    )
    this.name = 'MissingWorkerError'
  }
}

/** A task returned a value that cannot leave the worker (a function, a symbol, …). */
export class ResultNotCopyableError extends Error {
  readonly code = 'ARENA_POOL_RESULT_NOT_COPYABLE'
  constructor(worker: string, index: number, reason: string) {
    super(
      `pool: task ${index} (\`${worker}\`) returned a value that cannot leave the worker (${reason}). Results may hold numbers, strings, booleans, null, bigints, plain objects, arrays, Maps, Sets and typed arrays.`,
    )
    this.name = 'ResultNotCopyableError'
  }
}
