import type { FailureStatus, RunOutcome } from './outcome.ts'
import type { SourcePositions } from './sourcePositions.ts'

export interface FailureContext {
  wallTimedOut: boolean
  wallMs: number
  cpuMs: number
  memoryMb: number
  isolateDisposed: boolean
  positions: SourcePositions
  /** What was running, for the message: "evaluating your module", "calling solve". */
  phase: string
}

type Failure = Exclude<RunOutcome, { status: 'ok' }>

/** Turns whatever the isolate threw into a verdict with a message a learner can act on. */
export function classifyError(error: unknown, context: FailureContext): Failure {
  if (context.wallTimedOut) {
    return {
      status: 'TimeLimit',
      message: `Stopped after ${context.wallMs} ms of wall time while ${context.phase}: an endless loop, or a promise that never settles?`,
    }
  }
  if (!(error instanceof Error)) {
    return {
      status: 'RuntimeError',
      message: `Threw a non-Error value while ${context.phase}: ${describe(error)}`,
    }
  }
  const message = error.message
  if (context.isolateDisposed && /memory limit/i.test(message)) {
    return memoryLimit(context, 'the heap filled up')
  }
  if (message === 'Script execution timed out.') {
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
  const { stack, location } = context.positions.rewriteStack(error.stack)
  const where = location ? ` (line ${location.line}, column ${location.column})` : ''
  return { ...failure, message: `${failure.message}${where}`, stack, location }
}

function describe(value: unknown): string {
  try {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value)
    return text.length > 200 ? `${text.slice(0, 200)}…` : text
  } catch {
    return typeof value
  }
}

export type { FailureStatus }
