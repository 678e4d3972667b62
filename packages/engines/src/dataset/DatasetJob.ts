// One action's job on the host: cut its lineage into stages (planStages.ts), check the learner's
// functions, then run each stage's tasks on the worker isolates (one task per partition, an idle
// worker taking the next), moving records through the mapreduce shuffle between stages and keeping
// cached partitions, and gather the action's answer. A fault of the learner's code in a task ends the
// run (the engine's failure()); the learner's mistakes in the plan reject their action's promise.
import { InputFileError } from '../mapreduce/inputBlocks.ts'
import { makespanNs } from '../mapreduce/makespan.ts'
import { type ShuffleCore, ShuffleQuotaError, utf8Length } from '../mapreduce/shuffleCore.ts'
import {
  ActionResult,
  JobResultLimitError,
  JobResultRecordsError,
  ResultTooLargeError,
} from './ActionResult.ts'
import type { BinaryBatch } from './binaryInputs.ts'
import { JobSources } from './JobSources.ts'
import type { JobFailure, JobHost, StageOwner, TaskOutput, TaskWorker } from './jobHost.ts'
import { FunctionNotSendableError, type LearnerFunction } from './learnerFunctions.ts'
import { checkOutputName, type OutputDisk, OutputFileError, OutputWrite } from './OutputWrite.ts'
import { type ActionPlan, MAX_PARTITIONS, PlanError, type PlanNode } from './planNodes.ts'
import {
  describeNode,
  type PlannedStage,
  planStages,
  type StageInput,
  treeReduceLevels,
} from './planStages.ts'
import { rangeBounds } from './rangeBounds.ts'
import {
  type DatasetJobReport,
  type DatasetStageReport,
  finishStageCounters,
  newStageCounters,
  type StageCounters,
} from './stageCounters.ts'

export type JobOutcome<F extends JobFailure = JobFailure> =
  | { ok: true; value: { text?: string; count?: number; report: DatasetJobReport }; criticalNs: number }
  | { ok: false; learner: string }
  | { ok: false; failure: F; report: DatasetJobReport }

/** A task fault already classified (it ends the run). */
class TaskFault extends Error {
  constructor(readonly failure: JobFailure) {
    super(failure.message)
  }
}

export class DatasetJob<W extends TaskWorker = TaskWorker, F extends JobFailure = JobFailure> {
  private readonly reports: DatasetStageReport[] = []
  private readonly stageIds: number[] = []
  private readonly sources: JobSources
  private readonly bounds = new Map<number, string[]>()
  private readonly samples = new Map<number, string[]>()
  private readonly functions = new Map<string, LearnerFunction[]>()
  private counts = new Map<number, number>()
  private result: ActionResult | OutputWrite | undefined
  private criticalNs = 0
  private planNs = 0
  private readonly started: number
  /** The cache's generation when the job started: its taps store nothing into a later call's cache. */
  private readonly cacheGeneration: number

  constructor(
    private readonly host: JobHost<W, F>,
    private readonly id: number,
    private readonly plan: ActionPlan,
    private readonly workers: W[],
  ) {
    this.started = host.now()
    this.cacheGeneration = host.cache.generation
    this.sources = new JobSources(host)
  }

  async run(): Promise<JobOutcome<F>> {
    try {
      const action = this.plan.action
      if (action.kind === 'write') checkOutputName(this.outputDisk(), action.file)
      const planStart = this.host.now()
      const { stages, counts } = this.host.hostWork(() =>
        planStages(this.plan, {
          sourcePartitions: (node) => this.sources.partitions(node),
          cacheComplete: (id, partitions) => this.sources.cacheComplete(id, partitions),
        }),
      )
      this.counts = counts
      await this.resolveFunctions(stages)
      this.planNs = this.host.now() - planStart
      const last = stages.at(-1) as PlannedStage
      if (action.kind === 'reduce' && action.depth !== undefined)
        last.transformations[last.transformations.length - 1] = 'treeReduce (a partial per task)'
      // A treeReduce's first stage hands its partials to the next level, not to solve, if there is one.
      const levels =
        action.kind === 'reduce' && action.depth !== undefined
          ? treeReduceLevels(last.partitions, action.depth).tasks.length
          : 0
      for (const stage of stages) await this.runStage(stage, levels === 0)
      await this.runTreeLevels(last)
      const value = this.result?.value() ?? {}
      return { ok: true, value: { ...value, report: this.report() }, criticalNs: this.criticalNs }
    } catch (error) {
      if (error instanceof TaskFault) return { ok: false, failure: error.failure as F, report: this.report() }
      if (error instanceof ShuffleQuotaError) {
        const failure = { status: 'RuntimeError', message: this.quotaMessage() } as F
        return { ok: false, failure, report: this.report() }
      }
      if (isLearnerMistake(error)) {
        return { ok: false, learner: error.message.replace(/^mapreduce: job 0\.input\.file/, 'dataset.read') }
      }
      throw error
    } finally {
      this.sources.close()
      // A write that did not complete leaves nothing behind (a completed one has no parts left).
      if (this.result instanceof OutputWrite) this.result.discard()
    }
  }

  /** The disk a write action may use: the quota less the run's other outputs and this job's live shuffle spills. */
  private outputDisk(): OutputDisk {
    const { limits, files } = this.host
    return {
      files,
      diskMb: limits.diskMb,
      outputs: this.host.outputs,
      freeBytes: () => limits.diskMb * 2 ** 20 - this.outputBytes() - this.spilledBytes(),
    }
  }

  private outputBytes(): number {
    let sum = 0
    for (const bytes of this.host.outputs.values()) sum += bytes
    return sum
  }

  private spilledBytes(): number {
    let sum = 0
    for (const live of this.sources.shuffles.values()) sum += live.spilledBytes
    return sum
  }

  private quotaMessage(): string {
    const { diskMb } = this.host.limits
    return `dataset: the shuffle needed more than the disk quota of ${diskMb} MB for its spilled runs; shuffle less: reduceByKey or aggregateByKey combine before the shuffle where groupByKey sends every record, filter and project records first, or broadcast a small side instead of joining it`
  }

  private report(): DatasetJobReport {
    return {
      id: this.id,
      action: this.plan.action.kind,
      stages: [...this.reports],
      planNs: this.planNs,
      wallNs: this.host.now() - this.started,
    }
  }

  private node(id: number): PlanNode {
    return this.plan.nodes.get(id) as PlanNode
  }

  /** Checks and positions every learner function the stages run, before any task starts. */
  private async resolveFunctions(stages: PlannedStage[]): Promise<void> {
    for (const owner of new Set(stages.flatMap((stage) => ownersOf(stage)))) {
      const node = this.node(owner)
      if (node.fns.length > 0) {
        this.functions.set(String(owner), await this.host.functions(String(owner), node.op, node.fns))
      }
      if (node.env !== undefined) this.host.checkBroadcasts(node.env, this.where(String(owner), node.op))
    }
    const action = this.plan.action
    if (action.kind === 'reduce') {
      const what = action.depth === undefined ? 'reduce' : 'treeReduce'
      this.functions.set(`r${this.id}`, await this.host.functions(`r${this.id}`, what, [action.fn]))
      if (action.env !== undefined) this.host.checkBroadcasts(action.env, this.where(`r${this.id}`, what))
    }
  }

  /**
   * A treeReduce's combine levels after its first stage (whose tasks each folded their partition into
   * a partial): each level's task p folds the partials of `fanIn` tasks of the level before, with the
   * same function, on the workers, and the main function folds what the last level leaves. Each level
   * is a stage of the DAG, its parent the level before.
   */
  private async runTreeLevels(first: PlannedStage): Promise<void> {
    const action = this.plan.action
    if (action.kind !== 'reduce' || action.depth === undefined) return
    const { fanIn, tasks } = treeReduceLevels(first.partitions, action.depth)
    let previous = first
    for (const [level, partitions] of tasks.entries()) {
      if (!(this.result instanceof ActionResult)) return
      this.sources.partials = this.result.partials()
      const stage: PlannedStage = {
        index: previous.index + 1,
        parents: [previous.index],
        input: { kind: 'partials', node: this.plan.target, level: level + 1, fanIn },
        ops: [],
        output: { kind: 'action' },
        partitions,
        transformations: [`treeReduce level ${level + 1} (${fanIn} partials a task)`],
      }
      await this.runStage(stage, level === tasks.length - 1)
      previous = stage
    }
    this.sources.partials = []
  }

  /** How messages name an owner's transformation: `.map at line 12`. */
  private where(owner: string, fallback: string): string {
    return this.functions.get(owner)?.[0]?.where ?? fallback
  }

  private owners(stage: PlannedStage): StageOwner[] {
    const list: StageOwner[] = ownersOf(stage).map((id) => ({
      owner: String(id),
      fns: this.functions.get(String(id)) ?? [],
      env: this.node(id).env,
    }))
    const action = this.plan.action
    if (stage.output.kind === 'action' && action.kind === 'reduce') {
      list.push({ owner: `r${this.id}`, fns: this.functions.get(`r${this.id}`) ?? [], env: action.env })
    }
    return list
  }

  private inputSpec(input: StageInput): Record<string, unknown> {
    switch (input.kind) {
      case 'read': {
        const node = this.node(input.node)
        const binary = this.sources.binarySpec(input.node)
        if (binary) return { ...binary, where: `read ${node.file}` }
        const headerLine = this.sources.headerLine(input.node)
        return { kind: 'block', format: node.format, file: node.file, headerLine, where: `read ${node.file}` }
      }
      case 'array':
        return { kind: 'records', where: 'fromArray' }
      case 'cache':
        return { kind: 'records', where: `the cache of ${describeNode(this.node(input.node))}` }
      case 'shuffle': {
        const owner = String(input.node)
        return { kind: 'shuffle', op: input.op, owner, where: this.where(owner, `.${input.op}`) }
      }
      case 'partials':
        return { kind: 'records', where: `the partials of treeReduce level ${input.level - 1}` }
    }
  }

  private outputSpec(stage: PlannedStage): Record<string, unknown> {
    const out = stage.output
    const action = this.plan.action
    switch (out.kind) {
      case 'shuffle': {
        const node = this.node(out.node)
        const owner = String(out.node)
        return {
          kind: 'shuffle',
          op: out.op,
          owner,
          partitions: this.counts.get(out.node),
          side: out.side,
          where: this.where(owner, `.${out.op}`),
          zero: node.zero,
          ascending: node.ascending,
          bounds: this.bounds.get(out.shuffle) ?? [],
        }
      }
      case 'sample': {
        const owner = String(out.node)
        return {
          kind: 'sample',
          owner,
          ascending: this.node(out.node).ascending,
          where: this.where(owner, '.sortBy'),
        }
      }
      case 'action':
        if (action.kind === 'reduce') {
          return { kind: 'reduce', owner: `r${this.id}`, where: this.where(`r${this.id}`, '.reduce') }
        }
        if (action.kind === 'write') return { ...action }
        return action.kind === 'take' ? { kind: 'take', n: action.n } : { kind: action.kind }
    }
  }

  /** The shuffle a stage writes, made by its first writer: the disk quota left is what live shuffles have not spilled. */
  private shuffleFor(id: number, reducers: number): ShuffleCore {
    let shuffle = this.sources.shuffles.get(id)
    if (!shuffle) {
      const { limits, files } = this.host
      const mb = 2 ** 20
      // The run's output files hold quota too.
      const spilled = this.spilledBytes() + this.outputBytes()
      shuffle = files.shuffle(
        reducers,
        `dataset-${this.id}-${id}`,
        (limits.memoryMb * mb) / 4,
        Math.max(0, limits.diskMb * mb - spilled),
        limits.diskMb,
        // A reduce-side batch is decoded at once in the worker (its pairs and their groups): keep it
        // to what a worker's share of the memory holds several times over.
        this.host.batchChars,
      )
      this.sources.shuffles.set(id, shuffle)
    }
    return shuffle
  }

  /** `toSolve`: whether an action stage's result comes back to the main function (`jobResultKb` bounds it). */
  private async runStage(stage: PlannedStage, toSolve: boolean): Promise<void> {
    const host = this.host
    const id = host.nextStageId()
    this.stageIds[stage.index] = id
    const c = newStageCounters(stage.partitions)
    const partitionRecords = new Array<number>(stage.partitions).fill(0)
    const taskNs = new Array<number>(stage.partitions).fill(0)
    const out = stage.output
    const shuffle =
      out.kind === 'shuffle' ? this.shuffleFor(out.shuffle, this.counts.get(out.node) as number) : undefined
    const spilled = shuffle ? { runs: shuffle.spilledRuns, bytes: shuffle.spilledBytes } : undefined
    const spec = {
      input: this.inputSpec(stage.input),
      ops: stage.ops.map((op) => ({
        kind: op.kind,
        owner: String(op.node),
        where: op.kind === 'tap' ? 'cache()' : this.where(String(op.node), `.${op.kind}`),
      })),
      output: this.outputSpec(stage),
    }
    const owners = this.owners(stage)
    const action = this.plan.action
    const result =
      out.kind !== 'action'
        ? undefined
        : action.kind === 'write'
          ? new OutputWrite(action, stage.partitions, this.outputDisk(), this.id)
          : new ActionResult(
              action,
              stage.partitions,
              host.limits.memoryMb,
              toSolve ? host.limits : undefined,
            )
    this.result = result ?? this.result
    const array = stage.input.kind === 'array' ? this.node(stage.input.node).array : undefined
    this.reports.push({
      id,
      kind: out.kind === 'action' ? 'result' : out.kind === 'sample' ? 'sample' : 'shuffleMap',
      parents: stage.parents.map((index) => this.stageIds[index] as number),
      transformations: stage.transformations,
      counters: c,
    })
    const start = host.now()
    const context = { stage, c, shuffle, partitionRecords, result }
    try {
      await this.schedule(stage, result, async (worker, p) => {
        const prepared = await host.prepare(worker, owners)
        c.broadcastBytes += prepared.broadcastBytes
        const taps = new Map<string, string[]>()
        const batches = this.sources.batches(stage.input, array, p, c)
        const begun = host.now()
        try {
          let current = host.hostWork(() => batches.next())
          for (let fresh = true; ; fresh = false) {
            // One batch ahead, so the worker knows which call is the task's last (mapPartitions, reduce).
            const following = current.done ? current : host.hostWork(() => batches.next())
            const last = following.done === true
            const batch: string | BinaryBatch | undefined = current.done ? '' : current.value
            const task: Record<string, unknown> =
              typeof batch === 'string'
                ? { ...spec, fresh, last, partition: p, text: batch }
                : { ...spec, fresh, last, partition: p, text: '', binary: batch }
            if (fresh) {
              Object.assign(task, {
                envs: prepared.envs,
                broadcasts: prepared.broadcasts,
                drops: prepared.drops,
              })
            }
            const done = await host.call(
              worker,
              task,
              p,
              `running task ${p} of ${this.stageName(stage)} on worker ${worker.index}`,
            )
            taskNs[p] = (taskNs[p] ?? 0) + done.cpuNs
            host.hostWork(() => this.absorb(context, p, done.out, taps))
            if (last || done.out.done) break
            current = following
          }
        } finally {
          batches.return(undefined)
          host.record({ worker: worker.index, start: begun, end: host.now(), label: `stage ${id} task ${p}` })
        }
        this.storeTaps(taps, stage.partitions, p, c)
        result?.finish(p)
      })
    } finally {
      c.wallNs = host.now() - start
      c.taskCpuNs = taskNs.reduce((a, b) => a + b, 0)
      c.slowestTaskNs = Math.max(0, ...taskNs)
      if (shuffle && spilled) {
        c.spilledRuns = shuffle.spilledRuns - spilled.runs
        c.spilledBytes = shuffle.spilledBytes - spilled.bytes
      }
      finishStageCounters(c, partitionRecords)
    }
    if (result instanceof OutputWrite) {
      host.hostWork(() => result.complete())
      c.outputBytes = result.bytes
    }
    this.criticalNs += makespanNs(taskNs, host.limits.workers)
    if (out.kind === 'sample') {
      const partitions = this.counts.get(out.node) as number
      this.bounds.set(out.shuffle, rangeBounds(this.samples.get(out.shuffle) ?? [], partitions))
    }
    if (stage.input.kind === 'shuffle') this.sources.dropShuffle(stage.input.shuffle)
  }

  /** Takes in what one call of partition `p`'s task handed back. */
  private absorb(
    context: {
      stage: PlannedStage
      c: StageCounters
      shuffle: ShuffleCore | undefined
      partitionRecords: number[]
      result: ActionResult | OutputWrite | undefined
    },
    p: number,
    out: TaskOutput,
    taps: Map<string, string[]>,
  ): void {
    const { stage, c, shuffle, partitionRecords, result } = context
    if (stage.input.kind === 'shuffle' || stage.input.kind === 'partials')
      c.shuffleReadRecords += out.inRecords
    else c.inputRecords += out.inRecords
    partitionRecords[p] = (partitionRecords[p] ?? 0) + out.inRecords
    c.outputRecords += out.outRecords
    if (shuffle && out.runs && stage.output.kind === 'shuffle') {
      // A join's right side follows its left in the merge: its tasks come after every left task.
      const task = stage.output.side * MAX_PARTITIONS + p
      c.shuffleWriteRecords += out.shuffleRecords ?? 0
      out.runs.forEach((run, r) => {
        if (!run) return
        c.shuffleWriteBytes += shuffle.byteLength(run)
        shuffle.add(r, task, run)
      })
    }
    for (const [owner, text] of out.cache ?? []) {
      const pieces = taps.get(owner) ?? []
      pieces.push(text)
      taps.set(owner, pieces)
    }
    if (out.sample && stage.output.kind === 'sample') {
      const all = this.samples.get(stage.output.shuffle) ?? []
      for (const key of out.sample) all.push(key)
      this.samples.set(stage.output.shuffle, all)
    }
    result?.add(p, out)
  }

  /** A task's records of cached datasets go to the cache, if they fit (each partition computed is a miss). */
  private storeTaps(taps: Map<string, string[]>, partitions: number, p: number, c: StageCounters): void {
    for (const [owner, pieces] of taps) {
      const text = pieces.filter((piece) => piece.length > 0).join('\n')
      c.cacheMissPartitions++
      if (this.host.cache.store(Number(owner), partitions, p, text, this.cacheGeneration))
        c.cachedBytes += utf8Length(text)
    }
  }

  /**
   * Runs the stage's tasks over the workers, an idle worker taking the next partition in order; the
   * first fault stops it. A fault of the learner's code names the stage, the task (partition) and,
   * from the stack, their line; the learner's mistakes (a result too large, a function that cannot
   * be sent) pass through to reject the action. A take stops starting tasks once it has its records.
   */
  /** A stage as messages name it: "stage 1 (fromArray, map, count)". */
  private stageName(stage: PlannedStage): string {
    return `stage ${this.stageIds[stage.index]} (${stage.transformations.join(', ')})`
  }

  private async schedule(
    stage: PlannedStage,
    result: ActionResult | OutputWrite | undefined,
    task: (worker: W, index: number) => Promise<void>,
  ): Promise<void> {
    let next = 0
    let stop: unknown
    const name = this.stageName(stage)
    // A take runs its first partition alone, then the rest on every worker (Spark scales up the same
    // way): often the first partition holds the records, and no other task starts.
    const all: [W[], number] = [this.workers, stage.partitions]
    const rounds = this.plan.action.kind === 'take' && result ? [[this.workers.slice(0, 1), 1], all] : [all]
    for (const [workers, limit] of rounds as [W[], number][]) {
      await Promise.all(
        workers.map(async (worker) => {
          while (stop === undefined && next < limit && !result?.satisfied()) {
            const index = next++
            try {
              await task(worker, index)
            } catch (error) {
              if (stop !== undefined) return
              if (isLearnerMistake(error) || error instanceof ShuffleQuotaError) stop = error
              else {
                const phase = `running task ${index} of ${name} on worker ${worker.index}`
                stop = new TaskFault(this.host.classify(error, worker, phase))
              }
            }
          }
        }),
      )
    }
    if (stop !== undefined) throw stop
  }
}

/** The learner's mistakes that reject their action (the run goes on), as opposed to faults in tasks. */
function isLearnerMistake(error: unknown): error is Error {
  return (
    error instanceof PlanError ||
    error instanceof FunctionNotSendableError ||
    error instanceof ResultTooLargeError ||
    error instanceof JobResultLimitError ||
    error instanceof JobResultRecordsError ||
    error instanceof InputFileError ||
    error instanceof OutputFileError
  )
}

/** The nodes whose functions a stage runs: its narrow ops, its shuffle's reduce side, its output's map side. */
function ownersOf(stage: PlannedStage): number[] {
  const owners = stage.ops.filter((op) => op.kind !== 'tap').map((op) => op.node)
  if (stage.input.kind === 'shuffle') owners.push(stage.input.node)
  if (stage.output.kind === 'shuffle' || stage.output.kind === 'sample') owners.push(stage.output.node)
  return [...new Set(owners)]
}
