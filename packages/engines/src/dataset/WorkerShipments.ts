// What each worker isolate is sent of the learner's plan, and only once: every function (resolved and
// checked once per run, compiled once per worker at its place in the program), every env (once per
// worker and transformation) and every broadcast (once per worker, however many tasks and stages use
// it, as Spark ships a broadcast to each executor once). The bytes of broadcasts sent are counted; a
// destroyed broadcast is dropped by each worker that had it, before its next task.
import { utf8Length } from '../mapreduce/shuffleCore.ts'
import type { DatasetRegistry } from './DatasetRegistry.ts'
import type { StageOwner, TaskWorker } from './jobHost.ts'
import {
  FunctionNotSendableError,
  type LearnerFunction,
  type ModuleScope,
  type ProgramPositions,
  resolveLearnerFunction,
} from './learnerFunctions.ts'
import { PlanError } from './planNodes.ts'

/** A worker that can evaluate a script at a place in the program (the pool's PoolWorker, a page's nested worker). */
export interface ScriptWorker extends TaskWorker {
  evaluate(code: string, origin: { lineOffset: number; columnOffset: number }): Promise<unknown>
}

/** What a stage's first call on a worker must carry besides its batch. */
export interface Shipment {
  envs: [string, string][]
  broadcasts: [number, string][]
  broadcastBytes: number
  /** Broadcasts destroyed since the worker was sent them: it deletes its copies. */
  drops: number[]
}

interface WorkerState {
  defined: Set<string>
  envs: Set<string>
  broadcasts: Set<number>
}

export class WorkerShipments<W extends ScriptWorker = ScriptWorker> {
  private readonly states = new Map<number, WorkerState>()
  private readonly resolved = new Map<string, LearnerFunction[]>()
  private scope: Promise<ModuleScope> | undefined

  constructor(
    private readonly program: { code: string; globalName: string },
    private readonly positions: ProgramPositions,
    /** The run's broadcasts: each one's JSON text by id, and which were destroyed. */
    private readonly registry: Pick<DatasetRegistry, 'broadcast' | 'wasDestroyed'>,
  ) {}

  /**
   * Refuses (PlanError) a transformation whose env holds a broadcast destroyed before the action ran:
   * Spark's "Attempted to use Broadcast after it was destroyed", said before any task starts.
   */
  checkBroadcasts(env: string, where: string): void {
    for (const id of broadcastIdsIn(env)) {
      if (this.registry.wasDestroyed(id)) {
        throw new PlanError(
          `the ${where} uses a broadcast that was destroyed before this action ran; call destroy() after the last action that needs the broadcast`,
        )
      }
    }
  }

  /**
   * The learner's functions of an owner, positioned in the program and checked against what a worker
   * can see (FunctionNotSendableError otherwise); `worker` answers which globals and exports that is.
   */
  async functions(
    owner: string,
    what: string,
    sources: readonly string[],
    worker: W,
    timed: <T>(work: () => T) => T,
  ): Promise<LearnerFunction[]> {
    const known = this.resolved.get(owner)
    if (known) return known
    const scope = await this.moduleScope(worker)
    const program = {
      code: this.program.code,
      globalName: this.program.globalName,
      positions: this.positions,
    }
    const fns = timed(() =>
      sources.map((source, i) => resolveLearnerFunction(program, scope, `${owner}:${i}`, what, source)),
    )
    this.resolved.set(owner, fns)
    return fns
  }

  /** Globals and exports a worker resolves names in, asked of one worker once per run (all load the same module). */
  private moduleScope(worker: W): Promise<ModuleScope> {
    const global = JSON.stringify(this.program.globalName)
    this.scope ??= worker
      .evaluate(
        `JSON.stringify({ globals: Object.getOwnPropertyNames(globalThis), exports: (() => { const m = globalThis[${global}]; return m !== null && typeof m === 'object' ? Object.keys(m) : [] })() })`,
        { lineOffset: 0, columnOffset: 0 },
      )
      .then((text) => {
        const parsed = JSON.parse(String(text)) as { globals: string[]; exports: string[] }
        return { globals: new Set(parsed.globals), exports: new Set(parsed.exports) }
      })
    return this.scope
  }

  /** Defines the owners' functions in the worker; answers the envs and broadcasts it has not had yet. */
  async prepare(worker: W, owners: readonly StageOwner[]): Promise<Shipment> {
    const state = this.state(worker)
    const shipment: Shipment = { envs: [], broadcasts: [], broadcastBytes: 0, drops: [] }
    for (const id of state.broadcasts) {
      if (this.registry.broadcast(id) !== undefined) continue
      state.broadcasts.delete(id)
      shipment.drops.push(id)
    }
    for (const { owner, fns, env } of owners) {
      for (const fn of fns) {
        if (state.defined.has(fn.key)) continue
        await define(worker, fn)
        state.defined.add(fn.key)
      }
      if (env === undefined) continue
      if (!state.envs.has(owner)) {
        shipment.envs.push([owner, env])
        state.envs.add(owner)
      }
      for (const id of broadcastIdsIn(env)) {
        const text = this.registry.broadcast(id)
        if (text === undefined || state.broadcasts.has(id)) continue
        state.broadcasts.add(id)
        shipment.broadcasts.push([id, text])
        shipment.broadcastBytes += utf8Length(text)
      }
    }
    return shipment
  }

  private state(worker: W): WorkerState {
    let state = this.states.get(worker.index)
    if (!state) {
      state = { defined: new Set(), envs: new Set(), broadcasts: new Set() }
      this.states.set(worker.index, state)
    }
    return state
  }
}

/** The broadcasts an env's JSON text refers to (`{"$broadcast": id}`; a learner's string cannot forge one: JSON escapes its quotes). */
function broadcastIdsIn(env: string): number[] {
  return [...env.matchAll(/"\$broadcast":(\d+)/g)].map((match) => Number(match[1]))
}

/** Compiles one function into a worker; source that is not an expression (a method) cannot be sent. */
async function define(worker: ScriptWorker, fn: LearnerFunction): Promise<void> {
  try {
    await worker.evaluate(fn.code, fn)
  } catch (error) {
    if (error instanceof Error && error.name === 'SyntaxError') {
      throw new FunctionNotSendableError(
        `dataset: the function of ${fn.where} cannot be sent to a worker (${error.message}); write it as an arrow function or a function expression`,
      )
    }
    throw error
  }
}
