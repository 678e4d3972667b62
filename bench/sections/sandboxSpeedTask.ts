// Runs inside a sandbox pool child (bench sandbox-speed): one workload, one round, timed in one of three
// places: the child's own Node, a bare isolated-vm isolate, or the grader's path (runProgram).
// Trusted bench code: the workload sources are ours.
import {
  GUEST_CALLER_SOURCE,
  GUEST_LOCKDOWN_SOURCE,
  type IsolateLimits,
  type IsolateProgram,
  runProgram,
} from '@arena/sandbox'
import ivm from 'isolated-vm'

export interface SpeedRound {
  /** `function solve(input) {...}` as plain script text (no export). */
  script: string
  /** The same solution compiled by the grader (esbuild iife). */
  program: IsolateProgram
  /** Body of `function makeInput(size)`, evaluated on the host. */
  makeInput: string
  warmupSize: number
  size: number
  limits: IsolateLimits
  /** Bare isolate only: evaluate the sandbox's guest lockdown and call through its guest caller. */
  guestWrappers?: boolean
}

export interface SpeedTiming {
  cpuMs: number
  wallMs: number
  result: unknown
}

const inputsOf = (round: SpeedRound) => {
  const makeInput = new Function('size', round.makeInput) as (size: number) => unknown
  return [makeInput(round.warmupSize), makeInput(round.size)]
}

/** Plain Node: the solution compiled as a function of this process, its CPU time from the process. */
export async function inNode(round: SpeedRound): Promise<SpeedTiming> {
  const [warmup, timed] = inputsOf(round)
  const solve = new Function(`${round.script}\nreturn solve`)() as (input: unknown) => unknown
  solve(warmup)
  const cpuBefore = process.cpuUsage()
  const wallBefore = process.hrtime.bigint()
  const result = solve(timed)
  const cpu = process.cpuUsage(cpuBefore)
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - wallBefore) / 1e6,
    result,
  }
}

/** A bare isolate: the script evaluated, its solve called with a copied input, timed by the isolate's CPU clock. */
export async function inBareIsolate(round: SpeedRound): Promise<SpeedTiming> {
  const [warmup, timed] = inputsOf(round)
  const isolate = new ivm.Isolate({ memoryLimit: round.limits.memoryMb })
  try {
    const context = await isolate.createContext()
    if (round.guestWrappers) await context.eval(GUEST_LOCKDOWN_SOURCE)
    const makeCaller = round.guestWrappers
      ? await context.eval(GUEST_CALLER_SOURCE, { reference: true })
      : undefined
    await context.eval(round.script)
    const solve = await context.eval('solve', { reference: true })
    const entry = makeCaller
      ? await makeCaller.apply(undefined, [solve.derefInto(), round.limits.resultBytes, 'the result'], {
          result: { reference: true },
        })
      : solve
    // The input is placed in the isolate before the clock starts, as the grader does.
    const place = async (input: unknown) => {
      await context.global.set('__input', new ivm.ExternalCopy(input).copyInto({ release: true }))
      return await context.global.get('__input', { reference: true })
    }
    const call = async (input: ivm.Reference) => {
      const answer = await entry.apply(undefined, [input.derefInto()], {
        result: { promise: true, copy: true },
      })
      return makeCaller ? (answer as { value: unknown }).value : answer
    }
    await call(await place(warmup))
    const timedInput = await place(timed)
    const cpuBefore = isolate.cpuTime
    const wallBefore = process.hrtime.bigint()
    const result = await call(timedInput)
    return {
      cpuMs: Number(isolate.cpuTime - cpuBefore) / 1e6,
      wallMs: Number(process.hrtime.bigint() - wallBefore) / 1e6,
      result,
    }
  } finally {
    isolate.dispose()
  }
}

/** The grader's path: runProgram with the compiled program, a warm-up call then the timed call. */
export async function inGrader(round: SpeedRound): Promise<SpeedTiming> {
  const run = await runProgram(round.program, inputsOf(round), round.limits)
  const timed = run.calls[1]
  if (run.outcome.status !== 'ok') throw new Error(`${run.outcome.status}: ${run.outcome.message}`)
  if (!timed) throw new Error('the timed call did not run')
  return { cpuMs: timed.cpuNs / 1e6, wallMs: timed.wallNs / 1e6, result: run.outputs[1] }
}
