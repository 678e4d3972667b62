// The host side of the `mapreduce` engine in a local-run program worker: the job flow of the server's
// MapReduceEngine (map tasks over the pool's workers, a shuffle per job, reduce tasks in batches of
// whole groups), here on the program worker's nested pool workers, with the engines' own shuffle core,
// job counters and worker helpers (@arena/engines/browser). Times are wall times: a browser has no
// per-thread CPU clock (counters are informational in a local run).
import {
  blockBytesFor,
  checkJobOutput,
  countReduceOutput,
  finishJobCounters,
  firstJobSplits,
  HELPER_PREFIX,
  InputBlocks,
  InputFileError,
  type JobCounters,
  JobResultTooLargeError,
  type JobSpec,
  type MapTaskOutput,
  mapTaskOf,
  missingInputFile,
  newJobCounters,
  OneAtATime,
  OutputQuotaError,
  OutputTooLargeError,
  outputNameProblem,
  type ReduceTaskOutput,
  ShuffleCore,
  ShuffleQuotaError,
  type Splits,
  shuffleMapOutput,
  splitCount,
} from '@arena/engines/browser'

/** What a pool worker threw (the runtime's pool role posts it), or why the worker itself failed. */
export interface TaskFault {
  name: string
  message: string
  stack: string
}

/** One nested pool worker of the run: it runs one task at a time. */
export interface TaskThread {
  run(name: string, task: unknown, info: { index: number; worker: number; offset: number }): Promise<unknown>
}

/**
 * The fault that ends the run, as the server's engine words it: the driver puts the learner's line
 * (from `stack`, through the source map) between `message` and `suffix`, where the server has it.
 */
export interface MapReduceFault {
  status: 'RuntimeError' | 'MemoryLimit'
  message: string
  stack?: string
  suffix?: string
}

/** How a chain ended, in the shape the guest's `settle` takes (the server's JobStatus). */
export type ChainStatus =
  | { ok: true; results: unknown[] }
  | { ok: false; kind: 'Error' | 'TypeError'; message: string }

interface JobResult {
  counters: JobCounters
  reducerRecords: number[]
  reducerNs: number[]
  outputText: string[]
  /** The file a job with `output: { file }` wrote (its `outputText` partitions are then empty). */
  file?: { file: string; bytes: number; records: number }
}

type JobDone = { ok: true; result: JobResult } | { ok: false; fault: MapReduceFault }

export interface LocalMapReduceOptions {
  memoryMb: number
  diskMb: number
  /** The challenge's `limits.jobResultKb`: most a job's output may bring back to solve. */
  jobResultKb?: number
  /** The run's pool workers (pool.size of them), started with the run. */
  threads: TaskThread[]
  /** The run's files by name (its inputs): what a job's `{ file }` input reads. */
  readFile?: (name: string) => Uint8Array | undefined
  /** Whether the call was given input files: its jobs then read files only, as on the server. */
  dataAreFiles?: () => boolean
  /**
   * A job's `output: { file }`: the run's in-memory files, as the server's reducers write the scratch
   * folder (the check reads them). Without it, such a job rejects.
   */
  output?: {
    write(name: string, bytes: Uint8Array): void
    /** Whether `name` is one of the run's input files (read-only). */
    isInput(name: string): boolean
    /** Bytes the run's written files hold now (their part of the disk quota). */
    usedBytes(): number
  }
}

const MB = 2 ** 20
const msToNs = (ms: number) => Math.round(ms * 1e6)

/** One run's mapreduce engine: a task's fault is the run's outcome, as a worker isolate's is on the server. */
export class LocalMapReduce {
  fault: MapReduceFault | undefined
  /** The run's output files so far, for a later job's input (the run's own files may lag a chain). */
  private readonly written = new Map<string, Uint8Array>()
  /** The default split of a file input, as on the server (inputBlocks.ts). */
  readonly blockBytes: number
  private readonly chains = new OneAtATime()
  constructor(private readonly options: LocalMapReduceOptions) {
    this.blockBytes = blockBytesFor(options.memoryMb)
  }

  /** Chains run one at a time, in the order they were started, as on the server (MapReduceEngine). */
  runChain(specs: JobSpec[]): Promise<ChainStatus> {
    return this.chains.run(() => this.computeChain(specs))
  }

  private async computeChain(specs: JobSpec[]): Promise<ChainStatus> {
    try {
      if (this.fault) return this.failed()
      const open = (name: string) => {
        const bytes = this.written.get(name) ?? this.options.readFile?.(name)
        if (!bytes) throw missingInputFile(name)
        return { size: bytes.length, read: (at: number, n: number) => bytes.subarray(at, at + n) }
      }
      specs.forEach((spec, i) => {
        if (!spec.output) return
        if (!this.options.output)
          throw new InputFileError(`mapreduce: job ${i}.output.file: this run has no folder to write to`)
        const problem = outputNameProblem(spec.output.file, i, this.options.output.isInput(spec.output.file))
        if (problem) throw new InputFileError(problem)
      })
      let input = firstJobSplits(specs[0]?.input ?? [], this.blockBytes, open, this.options.dataAreFiles?.())
      const jobs: JobCounters[] = []
      let last: JobResult | undefined
      for (const [i, spec] of specs.entries()) {
        const done = await this.runJob(spec, input, i === specs.length - 1 && spec.output === undefined)
        if (!done.ok) return this.fail(done.fault)
        last = done.result
        jobs.push(last.counters)
        // After a job that wrote a file, the next one reads that file, as on the server.
        input = last.file
          ? {
              blocks: new InputBlocks(
                { file: last.file.file, records: 'json', splitBytes: this.blockBytes },
                open(last.file.file),
              ),
            }
          : { texts: last.outputText }
      }
      if (!last) return { ok: false, kind: 'Error', message: 'mapreduce: the run has ended' }
      return { ok: true, results: [{ ...last, jobs }] }
    } catch (error) {
      // A file that is not there is the learner's mistake: their promise rejects, the run goes on.
      if (error instanceof InputFileError) return { ok: false, kind: 'TypeError', message: error.message }
      const message = error instanceof Error ? error.message : String(error)
      return this.fail({ status: 'RuntimeError', message: `mapreduce: internal error: ${message}` })
    }
  }

  /** `toSolve`: the job's output comes back to solve (the chain's last, with no output file). */
  private async runJob(spec: JobSpec, input: Splits, toSolve: boolean): Promise<JobDone> {
    const { memoryMb, diskMb } = this.options
    const R = spec.reducers
    const mapTasks = splitCount(input)
    const c = newJobCounters(mapTasks, R)
    // The server's sort buffer: a quarter of the memory limit; past it runs count against the disk quota.
    const shuffle = new ShuffleCore(R, (memoryMb * MB) / 4, diskMb * MB, diskMb)
    try {
      const writing = spec.output ? { file: spec.output.file, records: 0, bytes: 0 } : undefined
      const mapStart = performance.now()
      const mapped = await this.schedule(mapTasks, 'map task', spec.map, async (thread, worker, i) => {
        const out = await thread.run(`${HELPER_PREFIX}map`, mapTaskOf(spec, input, i), {
          index: i,
          worker,
          offset: 0,
        })
        shuffleMapOutput(c, shuffle, i, out as MapTaskOutput)
      })
      c.mapPhaseNs = msToNs(performance.now() - mapStart)
      if (!mapped.ok) return mapped
      const reduceStart = performance.now()
      const outputs: string[][] = Array.from({ length: R }, () => [])
      const records: number[] = new Array(R).fill(0)
      const reduceNs: number[] = new Array(R).fill(0)
      let outputChars = 0
      const reduced = await this.schedule(R, 'reduce task', spec.reduce, async (thread, worker, r) => {
        const batches = shuffle.batches(r)
        try {
          for (;;) {
            const mergeStart = performance.now()
            const next = batches.next()
            c.shufflePhaseNs += msToNs(performance.now() - mergeStart)
            if (next.done) break
            records[r] = (records[r] ?? 0) + next.value.records
            const started = performance.now()
            const out = (await thread.run(
              `${HELPER_PREFIX}reduce`,
              { reduce: spec.reduce, text: next.value.text, file: writing !== undefined },
              { index: r, worker, offset: 0 },
            )) as ReduceTaskOutput
            reduceNs[r] = (reduceNs[r] ?? 0) + msToNs(performance.now() - started)
            countReduceOutput(c, out)
            if (writing && this.options.output) {
              if (!out.text) continue
              writing.records += out.outRecords
              // UTF-8 bytes, as the server's part files count them against the quota.
              writing.bytes += new TextEncoder().encode(out.text).length + 1
              const free = diskMb * MB - this.options.output.usedBytes() - shuffle.spilledBytes
              if (writing.bytes > free) throw new OutputQuotaError(writing.file, diskMb, writing.bytes)
              outputs[r]?.push(out.text)
              continue
            }
            outputChars += out.text.length
            checkJobOutput(outputChars, this.options, toSolve)
            if (out.text) outputs[r]?.push(out.text)
          }
        } finally {
          batches.return(undefined)
        }
      })
      c.reducePhaseNs = msToNs(performance.now() - reduceStart)
      if (!reduced.ok) return reduced
      finishJobCounters(c, shuffle, records, reduceNs)
      if (writing && this.options.output) {
        const text = outputs.flatMap((texts) => texts.map((t) => `${t}\n`)).join('')
        const bytes = new TextEncoder().encode(text)
        this.options.output.write(writing.file, bytes)
        this.written.set(writing.file, bytes)
        return {
          ok: true,
          result: {
            counters: c,
            reducerRecords: records,
            reducerNs: reduceNs,
            outputText: outputs.map(() => ''),
            file: { file: writing.file, bytes: bytes.length, records: writing.records },
          },
        }
      }
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
    }
  }

  /** Runs `count` tasks over the threads, an idle one taking the next; the first fault stops it, naming the task. */
  private async schedule(
    count: number,
    kind: 'map task' | 'reduce task',
    exported: string,
    task: (thread: TaskThread, worker: number, index: number) => Promise<void>,
  ): Promise<{ ok: true } | { ok: false; fault: MapReduceFault }> {
    let next = 0
    let fault: MapReduceFault | undefined
    await Promise.all(
      this.options.threads.map(async (thread, worker) => {
        while (!fault && next < count) {
          const index = next++
          try {
            await task(thread, worker, index)
          } catch (error) {
            fault ??= this.classify(error, `running ${kind} ${index} (\`${exported}\`) on worker ${worker}`)
          }
        }
      }),
    )
    return fault ? { ok: false, fault } : { ok: true }
  }

  /** The server's classification of a task's failure (PoolEngine.classify over classifyError). */
  private classify(error: unknown, phase: string): MapReduceFault {
    if (
      error instanceof ShuffleQuotaError ||
      error instanceof OutputQuotaError ||
      error instanceof JobResultTooLargeError
    )
      return { status: 'RuntimeError', message: error.message }
    if (error instanceof OutputTooLargeError) return { status: 'MemoryLimit', message: error.message }
    if (error instanceof Error) {
      return { status: 'RuntimeError', message: `mapreduce: internal error: ${error.message}` }
    }
    const { memoryMb } = this.options
    return taskFaultOf(error as TaskFault, phase, memoryMb, ` Each pool worker has its own ${memoryMb} MB.`)
  }

  /** The first fault wins: it is what the learner fixes first. */
  private fail(fault: MapReduceFault): ChainStatus {
    this.fault ??= fault
    return this.failed()
  }

  private failed(): ChainStatus {
    return { ok: false, kind: 'Error', message: this.fault?.message ?? 'mapreduce: the run has ended' }
  }
}

/**
 * A pool worker's fault in the server's words (PoolEngine.classify over classifyError): a heap or
 * string that could not grow is a MemoryLimit of the worker's `workerMb`, explained by `suffix`;
 * anything else a RuntimeError whose line the driver finds in `stack`, naming the task (`phase`).
 */
export function taskFaultOf(
  fault: TaskFault,
  phase: string,
  workerMb: number,
  suffix: string,
): MapReduceFault {
  const { name, message, stack } = fault
  const memory = (why: string): MapReduceFault => ({
    status: 'MemoryLimit',
    message: `Exceeded the memory limit of ${workerMb} MB while ${phase}: ${why}.`,
    stack,
    suffix,
  })
  if (name === 'RangeError' && /Array buffer allocation failed/.test(message)) {
    return memory('an ArrayBuffer or typed array could not be allocated')
  }
  if (name === 'RangeError' && /Invalid string length/.test(message)) {
    return memory("a string grew past V8's maximum length (about 512 MiB)")
  }
  if (!name && !stack) return { status: 'RuntimeError', message: `${message} while ${phase}` }
  return {
    status: 'RuntimeError',
    message: `${name || 'Error'}: ${message}`,
    stack,
    suffix: `, while ${phase}`,
  }
}
