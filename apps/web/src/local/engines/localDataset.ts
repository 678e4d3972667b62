// The host side of the `dataset` engine in a local-run program worker: the server's job flow itself
// (DatasetJob from @arena/engines/browser: planning, stages, shuffles, cache, broadcasts, writes, the
// same messages), over a JobHost whose tasks run on the program worker's nested pool workers and whose
// files are in memory (the run's files, as memoryFiles.ts and the runtime keep them). Times are wall
// times: a browser has no per-thread CPU clock (the job's counters are informational in a local run).
import {
  blockBytesFor,
  DatasetJob,
  DatasetRegistry,
  fileNameProblem,
  HELPER_PREFIX,
  InputFileError,
  type JobFiles,
  type JobHost,
  MAX_PARTITIONS,
  missingInputFile,
  OneAtATime,
  type OpenInputFile,
  PartitionCache,
  PlanError,
  parseActionPlan,
  type ScriptWorker,
  ShuffleCore,
  type TaskOutput,
  WorkerShipments,
  workerMemoryMb,
} from '@arena/engines/browser'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import {
  type ChainStatus,
  type MapReduceFault,
  type TaskFault,
  type TaskThread,
  taskFaultOf,
} from './localMapReduce.ts'

/** A nested pool worker that can also evaluate a script at a place in the program (the learner's functions). */
export interface DatasetThread extends TaskThread {
  /** Runs `code` in the worker as if at `lineOffset` lines into the program; resolves to its value. */
  evaluate(code: string, lineOffset: number): Promise<unknown>
}

export interface LocalDatasetOptions {
  memoryMb: number
  diskMb: number
  /** The challenge's `workers`: the slots its critical path is computed on, as on the server. */
  workers: number
  /** The challenge's `limits.jobResultKb`: most an action may bring back to solve, as on the server. */
  jobResultKb?: number
  /** The challenge's `limits.jobResultRecords`: most records an action may bring back to solve. */
  jobResultRecords?: number
  threads: DatasetThread[]
  /** The learner's compiled program (what a function's source is found in) and its source map. */
  program: { code: string; globalName: string; sourceMap?: string }
  /** The run's files by name: inputs and what the run wrote. */
  readFile(name: string): Uint8Array | undefined
  /** A write action's finished file lands among the run's files, for the check (`ctx.files`). */
  writeFile(name: string, bytes: Uint8Array): void
}

type Worker = ScriptWorker & { thread: DatasetThread }

const MB = 2 ** 20

/** One run's dataset engine: a task's fault is the run's outcome, as a worker isolate's is on the server. */
export class LocalDataset {
  fault: MapReduceFault | undefined
  readonly blockBytes: number
  readonly size: number
  private readonly workerMemoryMb: number
  private readonly cache: PartitionCache
  private readonly registry: DatasetRegistry
  private readonly shipments: WorkerShipments<Worker>
  private readonly workers: Worker[]
  /** The engine's own files (write parts, unfinished outputs) and its finished outputs. */
  private readonly scratch = new Map<string, Uint8Array>()
  private readonly outputs = new Map<string, number>()
  private readonly actions = new OneAtATime()
  private jobCount = 0
  private stageCount = 0

  constructor(private readonly options: LocalDatasetOptions) {
    this.size = options.threads.length
    this.blockBytes = blockBytesFor(options.memoryMb)
    this.workerMemoryMb = workerMemoryMb(options.memoryMb, this.size)
    this.cache = new PartitionCache((options.memoryMb * MB) / 2)
    this.registry = new DatasetRegistry(
      (options.memoryMb * MB) / 4,
      (this.workerMemoryMb * MB) / 4,
      this.workerMemoryMb,
    )
    this.workers = options.threads.map((thread, index) => ({
      index,
      thread,
      evaluate: async (code, origin) => {
        try {
          return await thread.evaluate(code, origin.lineOffset)
        } catch (error) {
          // The worker posts its error as plain data: an Error again, so its name (SyntaxError) counts.
          const fault = error as TaskFault
          throw Object.assign(new Error(fault.message), { name: fault.name, stack: fault.stack })
        }
      },
    }))
    const map = options.program.sourceMap ? new TraceMap(options.program.sourceMap) : undefined
    const positions = {
      original(line: number, column: number) {
        if (!map) return undefined
        const found = originalPositionFor(map, { line, column: Math.max(0, column - 1) })
        return found.line ? { line: found.line } : undefined
      },
    }
    this.shipments = new WorkerShipments(options.program, positions, this.registry)
  }

  /** What the guest's `limits` argument is on the server. */
  get guestLimits(): { size: number; maxPartitions: number; blockBytes: number } {
    return { size: this.size, maxPartitions: MAX_PARTITIONS, blockBytes: this.blockBytes }
  }

  register(kind: unknown, payload: unknown): number | string {
    return this.registry.register(kind, payload)
  }

  unpersist(node: unknown): void {
    this.cache.drop(Number(node))
  }

  /** Cached partitions never outlive the call that computed them (as on the server). */
  beforeCall(): void {
    this.cache.clear()
  }

  /** Actions run one at a time, in the order they were called, as on the server. */
  runAction(raw: unknown): Promise<ChainStatus> {
    return this.actions.run(() => this.computeAction(raw))
  }

  private async computeAction(raw: unknown): Promise<ChainStatus> {
    try {
      if (this.fault) return this.failed()
      const plan = parseActionPlan(raw)
      const id = ++this.jobCount
      const outcome = await new DatasetJob(this.jobHost(), id, plan, this.workers).run()
      if (!outcome.ok && 'learner' in outcome) return { ok: false, kind: 'Error', message: outcome.learner }
      if (!outcome.ok) return this.fail(outcome.failure)
      return { ok: true, results: [outcome.value] }
    } catch (error) {
      if (error instanceof PlanError) return { ok: false, kind: 'Error', message: error.message }
      const message = error instanceof Error ? error.message : String(error)
      return this.fail({ status: 'RuntimeError', message: `dataset: internal error: ${message}` })
    }
  }

  private jobHost(): JobHost<Worker, MapReduceFault> {
    const files = this.files()
    return {
      limits: {
        memoryMb: this.options.memoryMb,
        diskMb: this.options.diskMb,
        workers: this.options.workers,
        ...(this.options.jobResultKb !== undefined && { jobResultKb: this.options.jobResultKb }),
        ...(this.options.jobResultRecords !== undefined && {
          jobResultRecords: this.options.jobResultRecords,
        }),
      },
      files,
      openInput: files.openInput,
      outputs: this.outputs,
      cache: this.cache,
      blockBytes: this.blockBytes,
      batchChars: Math.min(MB, Math.max(64 * 1024, (this.workerMemoryMb * MB) / 16)),
      arrayPartitions: (id) => this.registry.array(id),
      functions: (owner, what, sources) =>
        this.shipments.functions(owner, what, sources, this.workers[0] as Worker, (work) => work()),
      prepare: (worker, owners) => this.shipments.prepare(worker, owners),
      checkBroadcasts: (env, where) => this.shipments.checkBroadcasts(env, where),
      call: async (worker, task, partition) => {
        const started = performance.now()
        const out = (await worker.thread.run(`${HELPER_PREFIX}dataset`, task, {
          index: partition,
          worker: worker.index,
          offset: 0,
        })) as TaskOutput
        return { out, cpuNs: Math.round((performance.now() - started) * 1e6) }
      },
      hostWork: (work) => work(),
      now: () => Math.round(performance.now() * 1e6),
      nextStageId: () => ++this.stageCount,
      record: () => {},
      classify: (error, _worker, phase) => this.classify(error, phase),
    }
  }

  /** The run's files as a job sees them: the engine's own in `scratch`, inputs and earlier outputs in the run's. */
  private files(): JobFiles {
    const { readFile, writeFile } = this.options
    const bytesOf = (name: string) => this.scratch.get(name) ?? readFile(name)
    return {
      openInput(name): OpenInputFile {
        const problem = fileNameProblem(name)
        if (problem) throw new InputFileError(`mapreduce: job 0.input.file: ${problem}`)
        if (name.startsWith('mapreduce-')) {
          throw new InputFileError(
            `mapreduce: job 0.input.file: ${name} is the engine's own shuffle file, not an input`,
          )
        }
        const bytes = bytesOf(name)
        if (!bytes) throw missingInputFile(name)
        return { size: bytes.length, read: (at, n) => bytes.subarray(at, at + n), close() {} }
      },
      // No scratch folder: spilled runs stay in memory, the disk quota still holds (ShuffleCore).
      shuffle: (reducers, _prefix, memoryBytes, diskBytes, quotaMb, maxBatchChars) =>
        new ShuffleCore(reducers, memoryBytes, diskBytes, quotaMb, maxBatchChars),
      exists: (name) => bytesOf(name) !== undefined,
      append: (name, pieces) => {
        const before = this.scratch.get(name) ?? new Uint8Array(0)
        const joined = new Uint8Array(before.length + pieces.reduce((sum, piece) => sum + piece.length, 0))
        joined.set(before)
        let at = before.length
        for (const piece of pieces) {
          joined.set(piece, at)
          at += piece.length
        }
        this.scratch.set(name, joined)
      },
      read: (name, position, length) =>
        (bytesOf(name) ?? new Uint8Array(0)).slice(position, position + length),
      rename: (from, to) => {
        const bytes = this.scratch.get(from) ?? new Uint8Array(0)
        this.scratch.delete(from)
        // A finished output: among the run's files, where later jobs and the check read it.
        writeFile(to, bytes)
      },
      remove: (name) => {
        this.scratch.delete(name)
      },
    }
  }

  /** The server's classification of a task's failure (PoolEngine.classify over classifyError). */
  private classify(error: unknown, phase: string): MapReduceFault {
    if (error instanceof Error) {
      return { status: 'RuntimeError', message: `dataset: internal error: ${error.message}` }
    }
    const { memoryMb } = this.options
    return taskFaultOf(
      error as TaskFault,
      phase,
      this.workerMemoryMb,
      ` The ${this.size} dataset workers share the run's ${memoryMb} MB memory limit: each has ${this.workerMemoryMb} MB (your main function has its own ${memoryMb} MB).`,
    )
  }

  /** The first fault wins: it is what the learner fixes first. */
  private fail(fault: MapReduceFault): ChainStatus {
    this.fault ??= fault
    return this.failed()
  }

  private failed(): ChainStatus {
    return { ok: false, kind: 'Error', message: this.fault?.message ?? 'dataset: the run has ended' }
  }
}
