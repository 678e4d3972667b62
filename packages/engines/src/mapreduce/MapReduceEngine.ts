import { MATERIALIZE_SOURCE, markProcessTainted } from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineRunOptions } from '../EngineInstance.ts'
import { OneAtATime } from '../oneAtATime.ts'
import { type Failure, type JobStatus, PoolEngine } from '../pool/PoolEngine.ts'
import {
  HELPER_PREFIX,
  MissingWorkerError,
  type PoolWorker,
  ResultNotCopyableError,
} from '../pool/PoolWorker.ts'
import { blockBytesFor, firstJobSplits, InputBlocks, InputFileError } from './inputBlocks.ts'
import { type OpenInputFile, openInputFile } from './inputFile.ts'
import {
  checkJobOutput,
  countReduceOutput,
  finishJobCounters,
  type JobCounters,
  JobResultTooLargeError,
  type JobSpec,
  type MapTaskOutput,
  mapTaskOf,
  newJobCounters,
  OutputTooLargeError,
  type ReduceTaskOutput,
  type Splits,
  shuffleMapOutput,
  splitCount,
} from './jobCounters.ts'
import { checkOutputName, JobOutputFile, type OutputDisk, OutputQuotaError } from './jobOutputFile.ts'
import { makespanNs } from './makespan.ts'
import { MAPREDUCE_GUEST_SOURCE } from './mapreduceGuestSource.ts'
import { mapreduceWorkerSource } from './mapreduceWorkerSource.ts'
import { Shuffle, ShuffleQuotaError } from './Shuffle.ts'

export type { JobCounters } from './jobCounters.ts'
export { makespanNs } from './makespan.ts'

/**
 * A job's output partitions stay in the wire format (one `JSON(key)\tJSON(value)` line per pair) until
 * an isolate needs them: the next job's map tasks, or the learner's isolate at the end of the chain,
 * each decode theirs with one JSON.parse. Decoding on the host and copying objects in cost more than
 * the whole shuffle (see bench/README.md, mapreduce).
 */
type JobResult = {
  counters: JobCounters
  reducerRecords: number[]
  reducerNs: number[]
  outputText: string[]
  /** The output file a job with `output: { file }` wrote (its `outputText` partitions are then empty). */
  file?: { file: string; bytes: number; records: number }
}

/**
 * The `mapreduce` engine of one run: the pool's worker isolates run map tasks (one per split) and
 * reduce tasks (one per reducer), with a sort-based shuffle between them on the host that spills
 * sorted runs to the scratch folder past the memory limit and merges them. See the README, "mapreduce".
 */
export class MapReduceEngine extends PoolEngine {
  override readonly name: string = 'mapreduce'
  private mrSettle: ivm.Reference<unknown> | undefined
  private jobCount = 0
  private totals: Record<string, number> = {}
  private heaviestRecords = -1
  /**
   * Sum over the call's jobs of each phase's busiest worker slot: the most CPU one worker spent on the
   * job's map tasks, plus the most one spent on its reduce tasks (ns). See `afterCall`.
   */
  private jobsCriticalNs = 0
  private shuffles = new Set<Shuffle>()
  /**
   * CPU time spent for the learner's jobs outside the main isolate, over the whole run (contract C3,
   * counted against the run's CPU limit): the host's shuffle work (encoding, spilling, merging, joining
   * partitions, reading input blocks), timed around each synchronous piece, plus the worker isolates'
   * CPU time in map and reduce tasks. Without it an endless loop of jobs would cost the main isolate
   * next to nothing and run to the wall limit.
   */
  private shuffleHostNs = 0
  private taskCpuNs = 0
  /**
   * The most run text the shuffles held in host memory together (UTF-16 units): bounded by one sort
   * buffer (`memoryMb / 4`), since chains run one at a time; past it runs spill to files counted
   * against `diskMb`.
   */
  private shuffleBufferPeakChars = 0
  /** The chain running now, and those started after it, in order (see runChain). */
  private readonly chains = new OneAtATime()
  /** Files the run's jobs wrote (`output: { file }`, name -> bytes): they stay for later jobs and the check, and hold disk quota. */
  private readonly outputs = new Map<string, number>()
  /** Whether the current call was given input files: its jobs then read files only (recordsBesideFiles). */
  private dataAreFiles = false

  /** The default split of a file input (an HDFS block): see inputBlocks.ts. */
  readonly blockBytes: number

  constructor(options: EngineRunOptions) {
    super(options)
    this.blockBytes = blockBytesFor(options.limits.memoryMb)
  }

  protected override async installGuest(context: ivm.Context): Promise<void> {
    const start = new ivm.Callback(
      (id: unknown, specs: unknown) => {
        void this.runChain(Number(id), specs)
      },
      { ignored: true },
    )
    const setup = await context.eval(MAPREDUCE_GUEST_SOURCE, { reference: true, filename: 'arena:mapreduce' })
    // Evaluated now, before the learner's module: it captures the intrinsics it uses (records from
    // solve cross as plain data, counted at every occurrence against the memory limit).
    const materialize = await context.eval(MATERIALIZE_SOURCE, { reference: true, timeout: 1000 })
    this.mrSettle = await setup.apply(
      undefined,
      [start, this.size, this.blockBytes, this.options.limits.memoryMb * 2 ** 20, materialize.derefInto()],
      {
        timeout: 1000,
        result: { reference: true },
      },
    )
    setup.release()
  }

  protected override workerSource(index: number): string {
    const { program, limits } = this.options
    return mapreduceWorkerSource(this.size, index, program.globalName, limits.memoryMb)
  }

  beforeCall(index: number): void {
    // Staged once per call (runWithEngines' staging ran first; a second stage only answers the names).
    this.dataAreFiles = (this.options.inputFiles?.stage(index).length ?? 0) > 0
    this.totals = {}
    this.heaviestRecords = -1
    this.jobsCriticalNs = 0
  }

  /**
   * The clocks (`clock: counter:criticalPathNs`, and `slowestReduceNs` in the run's counters, which is
   * the same number): ALL of the learner's CPU time in the call that a cluster would wait for. The
   * call's own CPU time in the main isolate (everything `solve` did, however little of it was a job)
   * plus, per job, the makespan of its map tasks and then of its reduce tasks on `limits.workers` task
   * slots (`makespanNs`, from each task's CPU time). With no more tasks than slots that is the slowest
   * task; with more, they queue for the slots, so cutting the work into more map tasks or more reducers
   * than there are slots never shrinks the clock below the tasks' CPU over the slots (issue 14, class 4:
   * salting over 1024 reducers on 8 slots, or hundreds of tiny map tasks). Work moved out of the
   * tasks into `solve` moves into the clock with it; a call that ran no job is timed by its own CPU time (so the counter is always there). Every other `…Ns`
   * counter (`jobsSlowestReduceNs`, `meanReduceNs`, the phases' wall times) is a diagnostic that leaves
   * out the call's own work: never a clock.
   */
  afterCall(_index: number, measured: { cpuNs: number }): void {
    const path = measured.cpuNs + this.jobsCriticalNs
    this.totals.callCpuNs = measured.cpuNs
    this.totals.criticalPathNs = path
    this.totals.slowestReduceNs = path
  }

  override counters(): EngineCounters {
    return {
      ...super.counters(),
      mapreduceJobs: this.jobCount,
      ...this.totals,
      shuffleHostNs: this.shuffleHostNs,
      taskCpuNs: this.taskCpuNs,
      shuffleBufferPeakChars: this.shuffleBufferPeakChars,
      outputBytesHeld: this.outputBytesHeld(),
    }
  }

  /** C3: engine work for the guest so far in this run (see `shuffleHostNs`); the pool's own is added. */
  override hostCpuNs(): number {
    const pool = (PoolEngine.prototype as { hostCpuNs?: (this: PoolEngine) => number }).hostCpuNs
    return this.shuffleHostNs + this.taskCpuNs + (pool ? pool.call(this) : 0)
  }

  /** Runs a synchronous piece of host work for the guest and adds its time to `shuffleHostNs`. */
  private sampleShuffleBuffers(): void {
    let held = 0
    for (const shuffle of this.shuffles) held += shuffle.inMemory
    this.shuffleBufferPeakChars = Math.max(this.shuffleBufferPeakChars, held)
  }

  private hostWork<T>(work: () => T): T {
    const start = this.now()
    try {
      return work()
    } finally {
      this.shuffleHostNs += this.now() - start
    }
  }

  override async dispose(): Promise<void> {
    await super.dispose()
    for (const shuffle of this.shuffles) shuffle.dispose()
    this.shuffles.clear()
    this.mrSettle?.release()
    this.mrSettle = undefined
  }

  private outputBytesHeld(): number {
    let sum = 0
    for (const bytes of this.outputs.values()) sum += bytes
    return sum
  }

  /** The disk a job's output file may use: the quota less the run's other outputs and the job's spills. */
  private outputDisk(shuffle: Shuffle): OutputDisk {
    const { limits, scratchDir } = this.options
    return {
      scratchDir,
      diskMb: limits.diskMb,
      outputs: this.outputs,
      freeBytes: () => limits.diskMb * 2 ** 20 - this.outputBytesHeld() - shuffle.spilledBytes,
    }
  }

  /**
   * Chains run one at a time, in the order solve started them, as the dataset engine's actions do: each
   * job's shuffle buffers a quarter of the memory limit on the host, so 40 jobs started without an
   * await held 40 quarters there at once (issue 14, class 1). Their tasks share the same worker slots
   * either way, and the critical-path clock adds each job's makespan.
   */
  private async runChain(id: number, specs: unknown): Promise<void> {
    const status = await this.chains.run(() => this.computeChain(specs as JobSpec[]))
    await this.deliver(this.mrSettle, id, status, 'a mapreduce job')
  }

  private async computeChain(specs: JobSpec[]): Promise<JobStatus> {
    const files: OpenInputFile[] = []
    const open = (name: string) => {
      const file = this.hostWork(() => openInputFile(this.options.scratchDir, name))
      files.push(file)
      return file
    }
    try {
      if (this.fault) return { ok: false, kind: 'Error', message: this.fault.message }
      const started = (await this.starting) ?? []
      const failed = started.find((entry) => !entry.ok)
      if (failed && !failed.ok) return this.fail(failed.failure)
      const workers = started.flatMap((entry) => (entry.ok ? [entry.worker] : []))
      if (this.disposed || workers.length === 0) return ended()
      // Output names are checked before any task runs: a bad one rejects the learner's promise.
      const disk = { scratchDir: this.options.scratchDir, outputs: this.outputs } as OutputDisk
      specs.forEach((spec, i) => {
        if (spec.output) checkOutputName(disk, spec.output.file, i)
      })
      let input = firstJobSplits(specs[0]?.input ?? [], this.blockBytes, open, this.dataAreFiles)
      const jobs: JobCounters[] = []
      let last: JobResult | undefined
      for (const [i, spec] of specs.entries()) {
        const toSolve = i === specs.length - 1 && spec.output === undefined
        const done = await this.runJob1(spec, input, workers, toSolve)
        if (!done.ok) return this.fail(done.failure)
        last = done.result
        jobs.push(last.counters)
        // After a job that wrote a file, the next one reads that file, as a later job's input would.
        input = last.file
          ? {
              blocks: new InputBlocks(
                { file: last.file.file, records: 'json', splitBytes: this.blockBytes },
                open(last.file.file),
              ),
            }
          : { texts: last.outputText }
      }
      if (this.disposed || !last) return ended()
      return { ok: true, results: [{ ...last, jobs }] }
    } catch (error) {
      if (this.disposed) return ended()
      // A file that is not there is the learner's mistake: their promise rejects, the run goes on.
      if (error instanceof InputFileError) return { ok: false, kind: 'TypeError', message: error.message }
      const message = error instanceof Error ? error.message : String(error)
      return this.fail({ status: 'RuntimeError', message: `mapreduce: internal error: ${message}` })
    } finally {
      for (const file of files) file.close()
    }
  }

  private async runJob1(
    spec: JobSpec,
    input: Splits,
    workers: PoolWorker[],
    /** Whether this job's output comes back to solve (the chain's last, with no output file). */
    toSolve: boolean,
  ): Promise<{ ok: true; result: JobResult } | { ok: false; failure: Failure }> {
    const { limits, scratchDir } = this.options
    const job = ++this.jobCount
    const R = spec.reducers
    const mapTasks = splitCount(input)
    const c = newJobCounters(mapTasks, R)
    const mb = 2 ** 20
    // The shuffle buffers a quarter of the memory limit on the host (Hadoop's sort buffer); the rest spills.
    // The run's output files hold part of the disk quota; the spills get the rest.
    const shuffle = new Shuffle(
      R,
      scratchDir,
      `mapreduce-${job}`,
      (limits.memoryMb * mb) / 4,
      Math.max(0, limits.diskMb * mb - this.outputBytesHeld()),
      limits.diskMb,
    )
    this.shuffles.add(shuffle)
    const written = spec.output
      ? new JobOutputFile(spec.output.file, R, this.outputDisk(shuffle), job)
      : undefined
    try {
      const mapStart = this.now()
      const mapNs: number[] = new Array(mapTasks).fill(0)
      const mapped = await this.schedule(workers, mapTasks, `map task`, spec.map, async (worker, i) => {
        const task = this.hostWork(() => mapTaskOf(spec, input, i))
        const start = this.now()
        // A worker runs one task at a time, so its isolate's CPU time over the call is this task's.
        const cpuBefore = await worker.cpuNs()
        try {
          const done = await worker.run(
            `${HELPER_PREFIX}map`,
            task,
            { index: i, worker: worker.index, offset: 0 },
            `running map task ${i} (\`${spec.map}\`) on worker ${worker.index}`,
          )
          const taskNs = (await worker.cpuNs()) - cpuBefore
          this.taskCpuNs += Math.max(0, taskNs)
          mapNs[i] = Math.max(0, taskNs)
          this.hostWork(() => shuffleMapOutput(c, shuffle, i, done.result as MapTaskOutput))
          this.sampleShuffleBuffers()
        } finally {
          this.record({ worker: worker.index, start, end: this.now(), label: `map ${i}` })
        }
      })
      c.mapPhaseNs = this.now() - mapStart
      if (!mapped.ok) return mapped
      const reduceStart = this.now()
      const outputs: string[][] = Array.from({ length: R }, () => [])
      const records: number[] = new Array(R).fill(0)
      const reduceNs: number[] = new Array(R).fill(0)
      let outputChars = 0
      const reduced = await this.schedule(workers, R, `reduce task`, spec.reduce, async (worker, r) => {
        const shuffleStart = this.now()
        let reduceStart: number | undefined
        const batches = shuffle.batches(r)
        try {
          for (;;) {
            const mergeStart = this.now()
            const next = this.hostWork(() => batches.next())
            c.shufflePhaseNs += this.now() - mergeStart
            if (next.done) break
            if (reduceStart === undefined) {
              reduceStart = this.now()
              this.record({
                worker: worker.index,
                start: shuffleStart,
                end: reduceStart,
                label: `shuffle ${r}`,
              })
            }
            records[r] = (records[r] ?? 0) + next.value.records
            // A worker runs one task at a time here, so its isolate's CPU time over the call is this batch's.
            const cpuBefore = await worker.cpuNs()
            const done = await worker.run(
              `${HELPER_PREFIX}reduce`,
              { reduce: spec.reduce, text: next.value.text, file: written !== undefined },
              { index: r, worker: worker.index, offset: 0 },
              `running reduce task ${r} (\`${spec.reduce}\`) on worker ${worker.index}`,
            )
            const batchNs = (await worker.cpuNs()) - cpuBefore
            this.taskCpuNs += Math.max(0, batchNs)
            reduceNs[r] = (reduceNs[r] ?? 0) + batchNs
            const out = done.result as ReduceTaskOutput
            countReduceOutput(c, out)
            if (written) {
              this.hostWork(() => written.add(r, out.text, out.outRecords))
              continue
            }
            outputChars += out.text.length
            checkJobOutput(outputChars, limits, toSolve)
            if (out.text) outputs[r]?.push(out.text)
          }
        } finally {
          batches.return(undefined)
          const end = this.now()
          if (reduceStart === undefined) {
            this.record({ worker: worker.index, start: shuffleStart, end, label: `shuffle ${r}` })
          } else this.record({ worker: worker.index, start: reduceStart, end, label: `reduce ${r}` })
        }
      })
      c.reducePhaseNs = this.now() - reduceStart
      if (!reduced.ok) return reduced
      if (written) {
        try {
          this.hostWork(() => written.complete())
        } catch (error) {
          if (!(error instanceof OutputQuotaError)) throw error
          return { ok: false, failure: { status: 'RuntimeError', message: error.message } }
        }
      }
      finishJobCounters(c, shuffle, records, reduceNs)
      // Map tasks and reducers alike queue for the challenge's slots (issue 14, class 4: more tasks
      // than slots never shrink the clock, see `afterCall`).
      this.jobsCriticalNs += makespanNs(mapNs, limits.workers) + makespanNs(reduceNs, limits.workers)
      this.add(c, records, reduceNs)
      return {
        ok: true,
        result: {
          counters: c,
          reducerRecords: records,
          reducerNs: reduceNs,
          outputText: this.hostWork(() => outputs.map((texts) => texts.join('\n'))),
          ...(written && { file: written.value() }),
        },
      }
    } finally {
      // A job that failed leaves no part of its output behind (a completed one has no parts left).
      written?.discard()
      shuffle.dispose()
      this.shuffles.delete(shuffle)
    }
  }

  /**
   * Runs `count` tasks over the workers, an idle worker taking the next; the first fault stops it. A
   * fault names the task (`reduce task 3 (\`sum\`) on worker 1`): the learner's map or reduce, not the engine.
   */
  private async schedule(
    workers: PoolWorker[],
    count: number,
    kind: 'map task' | 'reduce task',
    exported: string,
    task: (worker: PoolWorker, index: number) => Promise<void>,
  ): Promise<{ ok: true } | { ok: false; failure: Failure }> {
    let next = 0
    let fault: Failure | undefined
    await Promise.all(
      workers.map(async (worker) => {
        while (!fault && !this.disposed && next < count) {
          const index = next++
          try {
            await task(worker, index)
          } catch (error) {
            if (this.disposed) return
            if (
              error instanceof ShuffleQuotaError ||
              error instanceof OutputQuotaError ||
              error instanceof OutputTooLargeError ||
              error instanceof JobResultTooLargeError ||
              error instanceof MissingWorkerError ||
              error instanceof ResultNotCopyableError
            ) {
              fault ??= {
                status: error instanceof OutputTooLargeError ? 'MemoryLimit' : 'RuntimeError',
                message: error.message,
              }
            } else {
              fault ??= this.classify(
                error,
                worker.isDisposed,
                `running ${kind} ${index} (\`${exported}\`) on worker ${worker.index}`,
              )
              if (worker.isDisposed) markProcessTainted()
            }
          }
        }
      }),
    )
    for (const worker of workers) worker.samplePeak()
    if (fault) return { ok: false, failure: fault }
    if (this.disposed)
      return { ok: false, failure: { status: 'RuntimeError', message: 'mapreduce: the run has ended' } }
    return { ok: true }
  }

  /**
   * Run totals: sums over the call's jobs (so `jobsSlowestReduceNs` is the chain's reduce critical path).
   * Per-reducer records and times and the skew are the heaviest job's (most reduce input records): in
   * a chain, the job whose balance decides the time.
   */
  private add(c: JobCounters, records: number[], reduceNs: number[]): void {
    const heaviest = c.reduceInputRecords >= this.heaviestRecords
    if (heaviest) {
      this.heaviestRecords = c.reduceInputRecords
      for (const key of Object.keys(this.totals))
        if (/^reducer\d+(Records|Ns)$/.test(key)) delete this.totals[key]
    }
    for (const [key, value] of Object.entries(c)) {
      if (key === 'maxReducerRecords' || key === 'meanReducerRecords' || key === 'reducerSkew') {
        if (heaviest) this.totals[key] = value
      } else {
        // The run's `slowestReduceNs` is a clock (afterCall): the reducers' own sum is a diagnostic.
        const total = key === 'slowestReduceNs' ? 'jobsSlowestReduceNs' : key
        this.totals[total] = (this.totals[total] ?? 0) + value
      }
    }
    if (heaviest) {
      records.forEach((n, r) => {
        this.totals[`reducer${r}Records`] = n
        this.totals[`reducer${r}Ns`] = reduceNs[r] ?? 0
      })
    }
  }
}

function ended(): JobStatus {
  return { ok: false, kind: 'Error', message: 'mapreduce: the run has ended' }
}
