// Runs in a sandbox child process (see @arena/sandbox ProcessPool): builds inputs from tests.ts, runs
// programs in fresh isolates with the granted engines, and checks their outputs here, so inputs and
// outputs (input and output files included) never leave the child.
import type { EngineCounters, TimelineEntry } from '@arena/engines'
import type { IsolateLimits, IsolateProgram, RunOutcome } from '@arena/sandbox'
import { excerpt } from '../authoring/excerpt.ts'
import type { Verdict } from '../types.ts'
import { type CaseRef, caseInput } from './caseInput.ts'
import { judgeOutput } from './judgeOutput.ts'
import { loadTests } from './loadTests.ts'
import { type EngineGrant, runWithEngines } from './runWithEngines.ts'
import { checkContext, childScratchRoot, InputFolder } from './scratch.ts'

// Sweep what killed children left behind as soon as this child starts.
childScratchRoot()

export interface CaseTask {
  testsBundle: string
  program: IsolateProgram
  limits: IsolateLimits
  engines: EngineGrant
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
  counters?: EngineCounters
  timeline?: TimelineEntry[]
}

export async function runCase(task: CaseTask): Promise<CaseReport> {
  const tests = await loadTests(task.testsBundle)
  const files = new InputFolder()
  try {
    const input = caseInput(tests, task.ref, files.context(''))
    const shownInput = task.detailed ? (tests.describe?.(input) ?? excerpt(input)) : undefined
    return await runWithEngines(
      task.program,
      [input],
      task.limits,
      task.engines,
      files,
      (run, dir): CaseReport => {
        const call = run.calls[0]
        const base = {
          input: shownInput,
          output: task.detailed ? consoleText(run.console) : undefined,
          cpuNs: call?.cpuNs ?? run.cpuNs,
          wallNs: call?.wallNs ?? run.wallNs,
          peakBytes: run.peakBytes,
          counters: run.counters,
          timeline: run.timeline,
        }
        if (run.outcome.status !== 'ok') return { ...base, ...failure(run.outcome) }
        const judgement = judgeOutput(tests, input, run.outputs[0], checkContext(dir))
        if (judgement.ok) return { ...base, status: 'Accepted' }
        return {
          ...base,
          status: 'WrongAnswer',
          message: judgement.message,
          expected: task.detailed ? judgement.expected : undefined,
          actual: task.detailed ? judgement.actual : undefined,
        }
      },
    )
  } finally {
    files.remove()
  }
}

export interface PerfRoundTask {
  testsBundle: string
  /** Run in this order, each in its own fresh isolate, on the same two inputs. */
  programs: IsolateProgram[]
  limits: IsolateLimits
  engines: EngineGrant
  /** Per program (same order as `programs`), when they differ: the one-worker side of a scaling trial. */
  programEngines?: EngineGrant[]
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
  counters?: EngineCounters
  timeline?: TimelineEntry[]
}

/**
 * One round of the performance trial: per program, a fresh isolate, an untimed warm-up call on a small
 * input (so the JIT has run), then the timed call. Both outputs are checked: a fast wrong answer scores
 * nothing.
 */
export async function runPerfRound(task: PerfRoundTask): Promise<PerfRunReport[]> {
  const tests = await loadTests(task.testsBundle)
  // Both programs read the same input files, linked read-only into each run's own folder.
  const files = new InputFolder()
  try {
    const warmupInput = tests.generate(task.warmup.seed, task.warmup.size, files.context('warmup-'))
    const timedInput = tests.generate(task.timed.seed, task.timed.size, files.context(''))
    const reports: PerfRunReport[] = []
    for (const [index, program] of task.programs.entries()) {
      const report = await runWithEngines(
        program,
        [warmupInput, timedInput],
        task.limits,
        task.programEngines?.[index] ?? task.engines,
        files,
        (run, dir): PerfRunReport => {
          const timed = run.calls[1]
          const measured = {
            cpuNs: timed?.cpuNs ?? 0,
            wallNs: timed?.wallNs ?? 0,
            peakBytes: run.peakBytes,
            counters: run.counters,
            timeline: run.timeline,
          }
          if (run.outcome.status !== 'ok') return { ...measured, ...failure(run.outcome) }
          const ctx = checkContext(dir)
          const wrong = [
            judgeOutput(tests, warmupInput, run.outputs[0], ctx),
            judgeOutput(tests, timedInput, run.outputs[1], ctx),
          ].find((judgement) => !judgement.ok)
          return wrong && !wrong.ok
            ? {
                ...measured,
                status: 'WrongAnswer',
                message: `Wrong answer in the performance trial: ${wrong.message}`,
              }
            : { ...measured, status: 'Accepted' }
        },
      )
      reports.push(report)
    }
    return reports
  } finally {
    files.remove()
  }
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
