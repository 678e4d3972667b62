import { MESSAGE_LIMIT, type ThrownRecord } from './guestCaller.ts'
import type { FailureStatus, RunOutcome } from './outcome.ts'
import type { SourcePositions } from './sourcePositions.ts'

/**
 * What the guest caller described inside the isolate (bounded there) when the learner's code threw:
 * an Error rebuilt with its name, message and stack, or a non-Error value with its description.
 */
export class GuestThrow extends Error {
  readonly isError: boolean
  readonly description: string
  constructor(thrown: ThrownRecord) {
    super(thrown.message)
    this.name = thrown.name || 'Error'
    this.isError = thrown.isError
    this.description = thrown.description
    this.stack = thrown.stack || undefined
  }
}

/** Longest stack that leaves the sandbox (after mapping; at most 12 lines). */
const STACK_LIMIT = 4096
/** Longest line of a stack (its first line holds the message). */
const STACK_LINE_LIMIT = 512

export interface FailureContext {
  wallTimedOut: boolean
  wallMs: number
  cpuMs: number
  memoryMb: number
  isolateDisposed: boolean
  positions: SourcePositions
  /** What was running, for the message: "evaluating your module", "calling solve". */
  phase: string
  /**
   * Wall time of the phase and the CPU the whole process used meanwhile: a timeout reached while the
   * process was nearly idle was a blocked thread (waiting), not computing.
   */
  phaseTime?: PhaseTime
}

/**
 * Wall time of a phase, the CPU the whole process used meanwhile, and the most time one of its
 * threads was runnable (running or queued for a core; undefined off Linux).
 */
export interface PhaseTime {
  wallMs: number
  cpuMs: number
  runnableMs?: number
}

type Failure = Exclude<RunOutcome, { status: 'ok' }>

/**
 * Turns whatever the isolate threw into a verdict with a message a learner can act on. Every string
 * of the verdict is bounded (MESSAGE_LIMIT for the message, STACK_LIMIT for the stack), whatever the
 * learner threw.
 */
export function classifyError(error: unknown, context: FailureContext): Failure {
  return boundFailure(classify(error, context))
}

/** A verdict whose message and stack are bounded, whoever wrote them (an engine's failure too). */
export function boundFailure(failure: Failure): Failure {
  const bounded: Failure = { ...failure, message: boundText(String(failure.message), MESSAGE_LIMIT + 200) }
  if (failure.stack !== undefined) bounded.stack = boundStack(String(failure.stack))
  return bounded
}

/** The text cut at `limit` characters, saying how many were left out. */
export function boundText(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length - limit} more characters)` : text
}

function boundStack(stack: string): string {
  const lines = stack.split('\n', 40).map((line) => boundText(line, STACK_LINE_LIMIT))
  return boundText(lines.join('\n'), STACK_LIMIT)
}

/** A timeout reached while the process used under a tenth of the phase's wall time was a wait. */
const WAITING_CPU_SHARE = 0.1

/** isolated-vm's word for a call stopped by its `timeout` (which is wall time: laverdet/isolated-vm#108). */
export const ISOLATE_TIMEOUT_MESSAGE = 'Script execution timed out.'

/** A call isolated-vm stopped at its `timeout`: in the arena always the wall time the run had left. */
export function isIsolateTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === ISOLATE_TIMEOUT_MESSAGE
}

/**
 * The TimeLimit of a thread that was stopped while it waited (the whole process used under a tenth
 * of the phase's wall time): blocked time is reported as waiting, not as CPU. Undefined otherwise.
 */
export function waitingFailure(phase: string, time: PhaseTime, cpuLimitMs: number): Failure | undefined {
  if (time.wallMs < 50 || time.cpuMs >= WAITING_CPU_SHARE * time.wallMs) return undefined
  // Little CPU, but a thread runnable most of the time: it computed on a machine busier than its
  // cores (a loop given 32 ms of CPU in 340 ms), it did not wait.
  if (time.runnableMs !== undefined && time.runnableMs >= WAITING_CPU_SHARE * time.wallMs) return undefined
  return {
    status: 'TimeLimit',
    message: `Stopped after ${Math.round(time.wallMs)} ms while ${phase}: it waited without using the CPU (the process used ${Math.round(time.cpuMs)} ms of CPU meanwhile), blocked rather than computing. The limit is ${cpuLimitMs} ms of CPU time.`,
  }
}

function classify(error: unknown, context: FailureContext): Failure {
  if (context.wallTimedOut) {
    return {
      status: 'TimeLimit',
      message: `Stopped after ${context.wallMs} ms of wall time while ${context.phase}: an endless loop, or a promise that never settles?`,
    }
  }
  if (error instanceof GuestThrow && !error.isError) {
    return {
      status: 'RuntimeError',
      message: `Threw a non-Error value while ${context.phase}: ${error.description}`,
    }
  }
  if (!(error instanceof Error)) {
    return {
      status: 'RuntimeError',
      message: `Threw a non-Error value while ${context.phase}: ${describe(error)}`,
    }
  }
  const message = boundText(String(error.message), MESSAGE_LIMIT)
  // isolated-vm disposes an isolate only when it hits its memory limit (a timeout terminates, it does
  // not dispose); the call running then gets "due to memory limit", any other pending one (an engine
  // delivering results, the caller awaiting them) "Isolate is disposed", whichever settles first.
  if (context.isolateDisposed && /memory limit|^Isolate is disposed$/i.test(message)) {
    return memoryLimit(context, 'the heap filled up')
  }
  if (message === ISOLATE_TIMEOUT_MESSAGE) {
    const waited = context.phaseTime && waitingFailure(context.phase, context.phaseTime, context.cpuMs)
    if (waited) return waited
    return {
      status: 'TimeLimit',
      message: `Used more than ${context.cpuMs} ms of CPU time while ${context.phase}.`,
    }
  }
  if (error.name === 'RangeError' && /Array buffer allocation failed/.test(message)) {
    return withStack(
      memoryLimit(context, 'an ArrayBuffer or typed array could not be allocated'),
      error,
      context,
    )
  }
  if (error.name === 'RangeError' && /Invalid string length/.test(message)) {
    return withStack(
      memoryLimit(context, "a string grew past V8's maximum length (about 512 MiB)"),
      error,
      context,
    )
  }
  if (error.name === 'SyntaxError' && context.phase === 'evaluating your module') {
    return withStack({ status: 'CompileError', message: `SyntaxError: ${message}` }, error, context)
  }
  return withStack(
    { status: 'RuntimeError', message: `${error.name || 'Error'}: ${message}` },
    error,
    context,
  )
}

function memoryLimit(context: FailureContext, why: string): Failure {
  return {
    status: 'MemoryLimit',
    message: `Exceeded the memory limit of ${context.memoryMb} MB while ${context.phase}: ${why}.`,
  }
}

function withStack(failure: Failure, error: Error, context: FailureContext): Failure {
  if (!error.stack) return failure
  // A huge message sits in the stack's first line; the frames are at its end.
  const raw =
    error.stack.length > 4 * STACK_LIMIT
      ? `${error.stack.slice(0, STACK_LIMIT)}\n${error.stack.slice(-2 * STACK_LIMIT)}`
      : error.stack
  const { stack, location } = context.positions.rewriteStack(raw)
  const where = location ? ` (line ${location.line}, column ${location.column})` : ''
  return { ...failure, message: `${failure.message}${where}`, stack, location }
}

function describe(value: unknown): string {
  try {
    const text = typeof value === 'string' ? JSON.stringify(value.slice(0, 201)) : String(value)
    return text.length > 200 ? `${text.slice(0, 200)}…` : text
  } catch {
    return typeof value
  }
}

export type { FailureStatus }
