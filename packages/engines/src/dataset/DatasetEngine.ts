import { markProcessTainted } from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineJobGraphs, EngineRunOptions } from '../EngineInstance.ts'
import { blockBytesFor } from '../mapreduce/inputBlocks.ts'
import { OneAtATime } from '../oneAtATime.ts'
import type { Failure } from '../pool/PoolEngine.ts'
import { type JobStatus, PoolEngine } from '../pool/PoolEngine.ts'
import { HELPER_PREFIX, type PoolWorker } from '../pool/PoolWorker.ts'
import { DatasetJob } from './DatasetJob.ts'
import { DatasetRegistry } from './DatasetRegistry.ts'
import { DATASET_GUEST_SOURCE } from './datasetGuestSource.ts'
import { datasetWorkerSource } from './datasetWorkerSource.ts'
import type { JobHost, TaskOutput } from './jobHost.ts'
import { PartitionCache } from './PartitionCache.ts'
import { MAX_PARTITIONS, PlanError, parseActionPlan } from './planNodes.ts'
import { scratchFiles } from './scratchFiles.ts'
import { type DatasetJobReport, FLAT_STAGE_COUNTERS, FLAT_STAGES, SUMMED_COUNTERS } from './stageCounters.ts'
import { WorkerShipments } from './WorkerShipments.ts'

/** Most jobs whose DAG `jobReports()` keeps per call (later ones are counted, not kept). */
const MAX_KEPT_JOBS = 200

/**
 * The `dataset` engine of one run: Spark-like lazy datasets over the pool's worker isolates
 * (`DatasetEngine` extends `PoolEngine`: the same workers, start, fault classification and timeline).
 * An action's lineage is cut into stages at shuffles; each stage runs one task per partition, the
 * narrow transformations pipelined inside it; shuffles are the mapreduce engine's (sorted runs, spills
 * to the scratch folder against the disk quota, k-way merge). See the README, "dataset".
 */
export class DatasetEngine extends PoolEngine {
  override readonly name: string = 'dataset'
  private dsSettle: ivm.Reference<unknown> | undefined
  readonly blockBytes: number
  private readonly partitionCache: PartitionCache
  private readonly registry: DatasetRegistry
  /** Files the run's write actions made (name -> bytes): they stay for later jobs and the check, and hold disk quota. */
  private readonly outputs = new Map<string, number>()
  private readonly shipments: WorkerShipments
  /** The action running now, which the next waits for (see runAction). */
  private readonly actions = new OneAtATime()
  private jobCount = 0
  private stageCount = 0
  /** Host work for the guest (planning, reading blocks, the shuffle, the cache) and tasks' CPU (C3). */
  private datasetHostNs = 0
  private taskCpuNs = 0
  /** The call's jobs (reset before each call, so a perf round reports its timed call). */
  private callJobs: DatasetJobReport[] = []
  private callJobsDropped = 0
  private callCriticalNs = 0
  private callTotals: Record<string, number> = {}

  constructor(options: EngineRunOptions) {
    super(options)
    this.blockBytes = blockBytesFor(options.limits.memoryMb)
    // Cached partitions live on the host, beside the main isolate: half the memory limit (Spark's
    // storage fraction is about that), counted apart from the isolates' heaps.
    this.partitionCache = new PartitionCache((options.limits.memoryMb * 2 ** 20) / 2)
    this.registry = new DatasetRegistry(
      (options.limits.memoryMb * 2 ** 20) / 4,
      (this.workerMemoryMb * 2 ** 20) / 4,
      this.workerMemoryMb,
    )
    this.shipments = new WorkerShipments(options.program, this.positions, this.registry)
  }

  /** Most bytes the run's broadcasts may hold: a quarter of what each worker has, since each holds them all. */
  get broadcastLimit(): number {
    return this.registry.broadcastLimit
  }

  /** Most bytes fromArray may register over the run: "small driver data", a quarter of the memory limit. */
  get arrayLimit(): number {
    return this.registry.arrayLimit
  }

  protected override async installGuest(context: ivm.Context): Promise<void> {
    const start = new ivm.Callback(
      (job: unknown, plan: unknown) => {
        void this.runAction(Number(job), plan)
      },
      { ignored: true },
    )
    const register = new ivm.Callback((kind: unknown, payload: unknown) =>
      this.timed(() => this.registry.register(kind, payload)),
    )
    const unpersist = new ivm.Callback((node: unknown) => this.partitionCache.drop(Number(node)), {
      ignored: true,
    })
    const setup = await context.eval(DATASET_GUEST_SOURCE, { reference: true, filename: 'arena:dataset' })
    const limits = { size: this.size, maxPartitions: MAX_PARTITIONS, blockBytes: this.blockBytes }
    this.dsSettle = await setup.apply(
      undefined,
      [start, register, unpersist, new ivm.ExternalCopy(limits).copyInto()],
      {
        timeout: 1000,
        result: { reference: true },
      },
    )
    setup.release()
  }

  protected override workerSource(index: number): string {
    return datasetWorkerSource(this.size, index, this.options.limits.memoryMb, this.workerMemoryMb)
  }

  /**
   * Cached partitions never outlive the call that computed them: a perf round's warm-up call reads
   * other files under the same names, so its cache would be stale data, and work done before the
   * timed call's clock started.
   */
  beforeCall(): void {
    this.partitionCache.clear()
    this.callJobs = []
    this.callJobsDropped = 0
    this.callCriticalNs = 0
    this.callTotals = {}
  }

  /**
   * The clock for counter-ranked challenges, as mapreduce's: the call's own CPU time in the main
   * isolate plus, per stage, the makespan of its tasks' CPU times on the challenge's `workers` slots.
   */
  afterCall(_index: number, measured: { cpuNs: number }): void {
    this.callTotals.callCpuNs = measured.cpuNs
    this.callTotals.criticalPathNs = measured.cpuNs + this.callCriticalNs
  }

  override counters(): EngineCounters {
    const counters: EngineCounters = {
      ...super.counters(),
      datasetJobs: this.jobCount,
      stages: 0,
      ...this.callTotals,
      datasetHostNs: this.datasetHostNs,
      taskCpuNs: this.taskCpuNs,
      cachedBytesHeld: this.partitionCache.bytes,
      outputBytesHeld: [...this.outputs.values()].reduce((a, b) => a + b, 0),
      cacheRejectedPartitions: this.partitionCache.rejected,
      callJobsDropped: this.callJobsDropped,
    }
    for (const name of SUMMED_COUNTERS) counters[name] = 0
    let maxPartition = 0
    let skew = 0
    let flat = 0
    for (const job of this.callJobs) {
      for (const stage of job.stages) {
        counters.stages = (counters.stages ?? 0) + 1
        for (const name of SUMMED_COUNTERS) counters[name] = (counters[name] ?? 0) + stage.counters[name]
        maxPartition = Math.max(maxPartition, stage.counters.maxPartitionRecords)
        skew = Math.max(skew, stage.counters.partitionSkew)
        if (flat++ < FLAT_STAGES) {
          for (const name of FLAT_STAGE_COUNTERS) {
            counters[`stage${stage.id}${name[0]?.toUpperCase()}${name.slice(1)}`] = stage.counters[name]
          }
        }
      }
    }
    counters.maxPartitionRecords = maxPartition
    counters.partitionSkew = skew
    return counters
  }

  /** The call's jobs as DAGs of stages with their counters: what the report draws. */
  jobReports(): DatasetJobReport[] {
    return structuredClone(this.callJobs)
  }

  /** EngineInstance's hook: jobReports() in the engine-neutral shape the grader carries to the result. */
  jobGraphs(): EngineJobGraphs {
    const jobs = this.jobReports().map((job) => ({
      ...job,
      stages: job.stages.map((stage) => ({ ...stage, counters: { ...stage.counters } })),
    }))
    return { jobs, dropped: this.callJobsDropped }
  }

  /** C3: the engine's host work and its tasks' CPU count against the run's CPU limit, with the pool's. */
  override hostCpuNs(): number {
    return this.datasetHostNs + this.taskCpuNs + super.hostCpuNs()
  }

  override async dispose(): Promise<void> {
    await super.dispose()
    this.partitionCache.clear()
    this.dsSettle?.release()
    this.dsSettle = undefined
  }

  private timed<T>(work: () => T): T {
    const start = this.now()
    try {
      return work()
    } finally {
      this.datasetHostNs += this.now() - start
    }
  }

  /**
   * Actions run one at a time, in the order they were called: a worker keeps one task's state between
   * its batches (mapPartitions, reduce, take), so two jobs' tasks must not interleave on it. Spark runs
   * concurrent jobs; here `Promise.all([a.count(), b.count()])` queues the second.
   */
  private async runAction(job: number, raw: unknown): Promise<void> {
    const status = await this.actions.run(() => this.computeAction(raw))
    await this.deliver(this.dsSettle, job, status, 'a dataset action')
  }

  private async computeAction(raw: unknown): Promise<JobStatus> {
    try {
      if (this.fault) return { ok: false, kind: 'Error', message: this.fault.message }
      const started = (await this.starting) ?? []
      const failed = started.find((entry) => !entry.ok)
      if (failed && !failed.ok) return this.fail(failed.failure)
      const workers = started.flatMap((entry) => (entry.ok ? [entry.worker] : []))
      if (this.disposed || workers.length === 0) return ended()
      const plan = this.timed(() => parseActionPlan(raw))
      const id = ++this.jobCount
      const outcome = await new DatasetJob(this.jobHost(), id, plan, workers).run()
      if (!outcome.ok && 'learner' in outcome) return { ok: false, kind: 'Error', message: outcome.learner }
      this.keep(outcome.ok ? outcome.value.report : outcome.report)
      if (!outcome.ok) return this.fail(outcome.failure)
      this.callCriticalNs += outcome.criticalNs
      return { ok: true, results: [outcome.value] }
    } catch (error) {
      if (this.disposed) return ended()
      if (error instanceof PlanError) return { ok: false, kind: 'Error', message: error.message }
      const message = error instanceof Error ? error.message : String(error)
      return this.fail({ status: 'RuntimeError', message: `dataset: internal error: ${message}` })
    }
  }

  private keep(report: DatasetJobReport): void {
    if (this.callJobs.length < MAX_KEPT_JOBS) this.callJobs.push(report)
    else this.callJobsDropped++
  }

  private jobHost(): JobHost<PoolWorker, Failure> {
    const files = scratchFiles(this.options.scratchDir)
    return {
      limits: this.options.limits,
      files,
      openInput: files.openInput,
      outputs: this.outputs,
      cache: this.partitionCache,
      blockBytes: this.blockBytes,
      batchChars: Math.min(2 ** 20, Math.max(64 * 1024, (this.workerMemoryMb * 2 ** 20) / 16)),
      arrayPartitions: (id) => this.registry.array(id),
      functions: async (owner, what, sources) => {
        const workers = ((await this.starting) ?? []).flatMap((entry) => (entry.ok ? [entry.worker] : []))
        return this.shipments.functions(owner, what, sources, workers[0] as PoolWorker, (work) =>
          this.timed(work),
        )
      },
      prepare: (worker, owners) => this.shipments.prepare(worker, owners),
      checkBroadcasts: (env, where) => this.shipments.checkBroadcasts(env, where),
      call: (worker, task, partition, activity) => this.call(worker, task, partition, activity),
      hostWork: (work) => this.timed(work),
      now: () => this.now(),
      nextStageId: () => ++this.stageCount,
      record: (entry) => this.record(entry),
      classify: (error, worker, phase) => {
        const failure = this.classify(error, worker.isDisposed, phase)
        // A worker isolate V8 disposed (its memory limit) may leave the process unsound: replace it.
        if (worker.isDisposed) markProcessTainted()
        return failure
      },
    }
  }

  private async call(
    worker: PoolWorker,
    task: Record<string, unknown>,
    partition: number,
    activity: string,
  ): Promise<{ out: TaskOutput; cpuNs: number }> {
    // A worker runs one call at a time, so its isolate's CPU time over the call is the call's.
    const before = await worker.cpuNs()
    const done = await worker.run(
      `${HELPER_PREFIX}dataset`,
      task,
      { index: partition, worker: worker.index, offset: 0 },
      activity,
    )
    const cpuNs = Math.max(0, (await worker.cpuNs()) - before)
    this.taskCpuNs += cpuNs
    return { out: done.result as TaskOutput, cpuNs }
  }
}

function ended(): JobStatus {
  return { ok: false, kind: 'Error', message: 'dataset: the run has ended' }
}
