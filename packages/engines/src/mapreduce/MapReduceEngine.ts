import { markProcessTainted } from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineRunOptions } from '../EngineInstance.ts'
import { type Failure, type JobStatus, PoolEngine } from '../pool/PoolEngine.ts'
import {
  HELPER_PREFIX,
  MissingWorkerError,
  type PoolWorker,
  ResultNotCopyableError,
} from '../pool/PoolWorker.ts'
import {
  countReduceOutput,
  finishJobCounters,
  type JobCounters,
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
import { MAPREDUCE_GUEST_SOURCE } from './mapreduceGuestSource.ts'
import { mapreduceWorkerSource } from './mapreduceWorkerSource.ts'
import { Shuffle, ShuffleQuotaError } from './Shuffle.ts'

export type { JobCounters } from './jobCounters.ts'

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
  /** Sum over the call's jobs of the slowest map task and the slowest reducer (CPU ns). */
  private jobsCriticalNs = 0
  private shuffles = new Set<Shuffle>()

  constructor(options: EngineRunOptions) {
    super(options)
  }

  protected override async installGuest(context: ivm.Context): Promise<void> {
    const start = new ivm.Callback(
      (id: unknown, specs: unknown) => {
        void this.runChain(Number(id), specs)
      },
      { ignored: true },
    )
    const setup = await context.eval(MAPREDUCE_GUEST_SOURCE, { reference: true })
    this.mrSettle = await setup.apply(undefined, [start, this.size], {
      timeout: 1000,
      result: { reference: true },
    })
    setup.release()
  }

  protected override workerSource(index: number): string {
    const { program, limits } = this.options
    return mapreduceWorkerSource(this.size, index, program.globalName, limits.memoryMb)
  }

  beforeCall(): void {
    this.totals = {}
    this.heaviestRecords = -1
    this.jobsCriticalNs = 0
  }

  /**
   * `criticalPathNs`: the call's own CPU time in the main isolate plus, per job, its slowest map task
   * and its slowest reducer (CPU time each). What a cluster with a worker per task would wait for:
   * moving work out of the reducers into `solve` or into one map task does not make it smaller,
   * which is why a skew challenge ranks by it rather than by `slowestReduceNs` alone.
   */
  afterCall(_index: number, measured: { cpuNs: number }): void {
    this.totals.criticalPathNs = measured.cpuNs + this.jobsCriticalNs
  }

  override counters(): EngineCounters {
    return { ...super.counters(), mapreduceJobs: this.jobCount, ...this.totals }
  }

  override async dispose(): Promise<void> {
    await super.dispose()
    for (const shuffle of this.shuffles) shuffle.dispose()
    this.shuffles.clear()
    this.mrSettle?.release()
    this.mrSettle = undefined
  }

  private async runChain(id: number, specs: unknown): Promise<void> {
    const status = await this.computeChain(specs as JobSpec[])
    await this.deliver(this.mrSettle, id, status, 'a mapreduce job')
  }

  private async computeChain(specs: JobSpec[]): Promise<JobStatus> {
    try {
      if (this.fault) return { ok: false, kind: 'Error', message: this.fault.message }
      const started = (await this.starting) ?? []
      const failed = started.find((entry) => !entry.ok)
      if (failed && !failed.ok) return this.fail(failed.failure)
      const workers = started.flatMap((entry) => (entry.ok ? [entry.worker] : []))
      if (this.disposed || workers.length === 0) return ended()
      let input: Splits = { records: specs[0]?.input ?? [] }
      const jobs: JobCounters[] = []
      let last: JobResult | undefined
      for (const spec of specs) {
        const done = await this.runJob1(spec, input, workers)
        if (!done.ok) return this.fail(done.failure)
        last = done.result
        jobs.push(last.counters)
        input = { texts: last.outputText }
      }
      if (this.disposed || !last) return ended()
      return { ok: true, results: [{ ...last, jobs }] }
    } catch (error) {
      if (this.disposed) return ended()
      const message = error instanceof Error ? error.message : String(error)
      return this.fail({ status: 'RuntimeError', message: `mapreduce: internal error: ${message}` })
    }
  }

  private async runJob1(
    spec: JobSpec,
    input: Splits,
    workers: PoolWorker[],
  ): Promise<{ ok: true; result: JobResult } | { ok: false; failure: Failure }> {
    const { limits, scratchDir } = this.options
    const job = ++this.jobCount
    const R = spec.reducers
    const mapTasks = splitCount(input)
    const c = newJobCounters(mapTasks, R)
    const mb = 2 ** 20
    // The shuffle buffers a quarter of the memory limit on the host (Hadoop's sort buffer); the rest spills.
    const shuffle = new Shuffle(
      R,
      scratchDir,
      `mapreduce-${job}`,
      (limits.memoryMb * mb) / 4,
      limits.diskMb * mb,
      limits.diskMb,
    )
    this.shuffles.add(shuffle)
    try {
      const mapStart = this.now()
      let slowestMapNs = 0
      const mapped = await this.schedule(workers, mapTasks, async (worker, i) => {
        const task = mapTaskOf(spec, input, i)
        const start = this.now()
        // A worker runs one task at a time, so its isolate's CPU time over the call is this task's.
        const cpuBefore = worker.cpuNs
        try {
          const done = await worker.run(`${HELPER_PREFIX}map`, task, {
            index: i,
            worker: worker.index,
            offset: 0,
          })
          slowestMapNs = Math.max(slowestMapNs, worker.cpuNs - cpuBefore)
          shuffleMapOutput(c, shuffle, i, done.result as MapTaskOutput)
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
      const reduced = await this.schedule(workers, R, async (worker, r) => {
        const shuffleStart = this.now()
        let reduceStart: number | undefined
        const batches = shuffle.batches(r)
        try {
          for (;;) {
            const mergeStart = this.now()
            const next = batches.next()
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
            const cpuBefore = worker.cpuNs
            const done = await worker.run(
              `${HELPER_PREFIX}reduce`,
              { reduce: spec.reduce, text: next.value.text },
              { index: r, worker: worker.index, offset: 0 },
            )
            reduceNs[r] = (reduceNs[r] ?? 0) + (worker.cpuNs - cpuBefore)
            const out = done.result as ReduceTaskOutput
            countReduceOutput(c, out)
            outputChars += out.text.length
            if (outputChars > limits.memoryMb * mb) {
              throw new OutputTooLargeError(limits.memoryMb)
            }
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
      finishJobCounters(c, shuffle, records, reduceNs)
      this.jobsCriticalNs += slowestMapNs + c.slowestReduceNs
      this.add(c, records, reduceNs)
      return {
        ok: true,
        result: {
          counters: c,
          reducerRecords: records,
          reducerNs: reduceNs,
          outputText: outputs.map((texts) => texts.join('\n')),
        },
      }
    } finally {
      shuffle.dispose()
      this.shuffles.delete(shuffle)
    }
  }

  /** Runs `count` tasks over the workers, an idle worker taking the next; the first fault stops it. */
  private async schedule(
    workers: PoolWorker[],
    count: number,
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
              error instanceof OutputTooLargeError ||
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
                `running a mapreduce task on worker ${worker.index}`,
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
   * Run totals: sums over the call's jobs (so `slowestReduceNs` is the chain's reduce critical path).
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
      } else this.totals[key] = (this.totals[key] ?? 0) + value
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
