// Runs in a sandbox child process (see @arena/sandbox ProcessPool): builds inputs from tests.ts, runs
// programs in fresh isolates, and checks their outputs here, so inputs and outputs never leave the child.
import { type IsolateLimits, type IsolateProgram, type RunOutcome, runProgram } from '@arena/sandbox'
import { excerpt } from '../authoring/excerpt.ts'
import type { Verdict } from '../types.ts'
import { type CaseRef, caseInput } from './caseInput.ts'
import { judgeOutput } from './judgeOutput.ts'
import { loadTests } from './loadTests.ts'

export interface CaseTask {
  testsBundle: string
  program: IsolateProgram
  limits: IsolateLimits
  ref: CaseRef
  /** Samples come back with input/expected/actual excerpts and console output; others do not. */
  detailed: boolean
}

export interface CaseReport {
  status: Verdict
  message?: string
  location?: { line: number; column: number }
  input?: string
  expected?: string
  actual?: string
  output?: string
  cpuNs: number
  wallNs: number
  peakBytes: number
}

export async function runCase(task: CaseTask): Promise<CaseReport> {
  const tests = await loadTests(task.testsBundle)
  const input = caseInput(tests, task.ref)
  const shownInput = task.detailed ? (tests.describe?.(input) ?? excerpt(input)) : undefined
  const run = await runProgram(task.program, [input], task.limits)
  const call = run.calls[0]
  const base = {
    input: shownInput,
    output: task.detailed ? consoleText(run.console) : undefined,
    cpuNs: call?.cpuNs ?? run.cpuNs,
    wallNs: call?.wallNs ?? run.wallNs,
    peakBytes: run.peakBytes,
  }
  if (run.outcome.status !== 'ok') return { ...base, ...failure(run.outcome) }
  const judgement = judgeOutput(tests, input, run.outputs[0])
  if (judgement.ok) return { ...base, status: 'Accepted' }
  return {
    ...base,
    status: 'WrongAnswer',
    message: judgement.message,
    expected: task.detailed ? judgement.expected : undefined,
    actual: task.detailed ? judgement.actual : undefined,
  }
}

export interface PerfRoundTask {
  testsBundle: string
  /** Run in this order, each in its own fresh isolate, on the same two inputs. */
  programs: IsolateProgram[]
  limits: IsolateLimits
  warmup: { seed: number; size: number }
  timed: { seed: number; size: number }
}

export interface PerfRunReport {
  status: Verdict
  message?: string
  /** The clocks of the timed call only. */
  cpuNs: number
  wallNs: number
  peakBytes: number
}

/**
 * One round of the performance trial: per program, a fresh isolate, an untimed warm-up call on a small
 * input (so the JIT has run), then the timed call. Both outputs are checked: a fast wrong answer scores
 * nothing.
 */
export async function runPerfRound(task: PerfRoundTask): Promise<PerfRunReport[]> {
  const tests = await loadTests(task.testsBundle)
  const warmupInput = tests.generate(task.warmup.seed, task.warmup.size)
  const timedInput = tests.generate(task.timed.seed, task.timed.size)
  const reports: PerfRunReport[] = []
  for (const program of task.programs) {
    const run = await runProgram(program, [warmupInput, timedInput], task.limits)
    const timed = run.calls[1]
    const measured = { cpuNs: timed?.cpuNs ?? 0, wallNs: timed?.wallNs ?? 0, peakBytes: run.peakBytes }
    if (run.outcome.status !== 'ok') {
      reports.push({ ...measured, ...failure(run.outcome) })
      continue
    }
    const wrong = [
      judgeOutput(tests, warmupInput, run.outputs[0]),
      judgeOutput(tests, timedInput, run.outputs[1]),
    ].find((judgement) => !judgement.ok)
    reports.push(
      wrong && !wrong.ok
        ? {
            ...measured,
            status: 'WrongAnswer',
            message: `Wrong answer in the performance trial: ${wrong.message}`,
          }
        : { ...measured, status: 'Accepted' },
    )
  }
  return reports
}

function failure(outcome: Exclude<RunOutcome, { status: 'ok' }>) {
  return { status: outcome.status, message: outcome.message, location: outcome.location }
}

function consoleText(console: { text: string; droppedBytes: number }): string | undefined {
  if (!console.text && console.droppedBytes === 0) return undefined
  return console.droppedBytes > 0
    ? `${console.text}\n… output truncated: ${console.droppedBytes} more bytes were not kept.`
    : console.text
}
