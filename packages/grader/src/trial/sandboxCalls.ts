import { fileURLToPath } from 'node:url'
import { type ProcessPool, type TaskOutcome, WALL_CEILING_FACTOR } from '@arena/sandbox'
import type { PackPlan } from '../child/packIsolate.ts'
import type { CaseReport, CaseTask, PerfRoundTask, PerfRunReport, SampleExcerpt } from '../child/tasks.ts'
import type { PackCode } from '../packCode.ts'

export const TASKS_MODULE = fileURLToPath(new URL('../child/tasks.ts', import.meta.url))
/**
 * Room on top of the programs' wall limits and the pack code's own budget (which bounds input
 * generation and checking): process start, isolate set-up, copies.
 */
const DEADLINE_SLACK_MS = 30_000
/**
 * Resident memory a child may gain during a task beyond what its programs are allowed: the tests
 * module, inputs and checking, V8's code and metadata per isolate, the host copy of inputs and
 * results. Measured: a child after one small run holds 75 MB, after a full sum-array grading 104 MB
 * (the growth of a whole grading is about 30 MB over the programs' own memory).
 */
const RSS_SLACK_MB = 256
/** Dawn (WebGPU) and its staging buffers live in the child on gpu runners. */
const GPU_RSS_SLACK_MB = 512

/**
 * The RSS backstop's budget for one task: each program may hold its memory limit in the main isolate
 * and in each worker, and its result twice (materialized in the isolate, copied to the host); runs of
 * a task follow each other but freed memory is not always returned to the system, so they add up.
 */
export function memoryBudgetMb(
  task: Pick<CaseTask, 'limits' | 'engines' | 'testsBundle'>,
  programs = 1,
): number {
  const perProgram =
    task.limits.memoryMb * (1 + Math.max(0, task.engines.workers)) + (2 * task.limits.resultBytes) / 2 ** 20
  const slack = task.engines.runnerClass.startsWith('gpu') ? RSS_SLACK_MB + GPU_RSS_SLACK_MB : RSS_SLACK_MB
  // The pack-code isolate holds the inputs (up to its limit); their host copies were always in the slack.
  return Math.ceil(programs * perProgram + task.testsBundle.memoryMb + slack)
}

export async function callRunCase(pool: ProcessPool, task: CaseTask): Promise<CaseReport> {
  // A run queued for cores may take up to its wall ceiling (the sandbox gives a starved run that time back).
  const deadlineMs = task.limits.wallMs * WALL_CEILING_FACTOR + task.testsBundle.wallMs + DEADLINE_SLACK_MS
  const outcome = await pool.run<CaseReport>({
    module: TASKS_MODULE,
    fn: 'runCase',
    payload: task,
    deadlineMs,
    memoryBudgetMb: memoryBudgetMb(task),
  })
  if (outcome.kind === 'done') return outcome.value
  return { ...lostTask(outcome, task.limits.memoryMb), cpuNs: 0, wallNs: 0, peakBytes: 0 }
}

export async function callPerfRound(pool: ProcessPool, task: PerfRoundTask): Promise<PerfRunReport[]> {
  const deadlineMs =
    task.programs.length * task.limits.wallMs * WALL_CEILING_FACTOR +
    task.testsBundle.wallMs +
    DEADLINE_SLACK_MS
  const outcome = await pool.run<PerfRunReport[]>({
    module: TASKS_MODULE,
    fn: 'runPerfRound',
    payload: task,
    deadlineMs,
    memoryBudgetMb: memoryBudgetMb(task, task.programs.length),
  })
  if (outcome.kind === 'done') return outcome.value
  const lost = { ...lostTask(outcome, task.limits.memoryMb), cpuNs: 0, wallNs: 0, peakBytes: 0 }
  return task.programs.map(() => lost)
}

/**
 * The challenge's case list, read from tests.ts in a sandbox child's pack-code isolate (the caller's
 * process never runs pack code). Throws an Error naming the challenge when it cannot be read.
 */
export async function callPackPlan(pool: ProcessPool, code: PackCode): Promise<PackPlan> {
  const answer = await packTask<PackPlan | { fault: string }>(pool, code, 'packPlan')
  if ('fault' in answer) throw new Error(answer.fault)
  return answer
}

/** The statement page's sample excerpts, built in a sandbox child's pack-code isolate (see packSampleExcerpts). */
export async function callSampleExcerpts(pool: ProcessPool, code: PackCode): Promise<SampleExcerpt[]> {
  const answer = await packTask<SampleExcerpt[] | { fault: string }>(pool, code, 'packSampleExcerpts')
  if ('fault' in answer) throw new Error(answer.fault)
  return answer
}

async function packTask<T>(pool: ProcessPool, code: PackCode, fn: string): Promise<T> {
  const outcome = await pool.run<T>({
    module: TASKS_MODULE,
    fn,
    payload: code,
    deadlineMs: code.wallMs + DEADLINE_SLACK_MS,
    memoryBudgetMb: code.memoryMb + RSS_SLACK_MB,
  })
  if (outcome.kind === 'done') return outcome.value
  const why =
    outcome.kind === 'failed'
      ? outcome.message
      : outcome.kind === 'deadline'
        ? `its process did not answer within ${Math.round(outcome.deadlineMs / 1000)} s`
        : `its process stopped (${outcome.outOfMemory ? 'out of memory' : (outcome.signal ?? `exit code ${outcome.exitCode}`)})`
  throw new Error(`The challenge "${code.challenge}"'s tests.ts could not be run: ${why}.`)
}

/** A child process that died or overran: still a verdict, never a hang. */
function lostTask(
  outcome: Exclude<TaskOutcome<unknown>, { kind: 'done' }>,
  memoryMb: number,
): Pick<CaseReport, 'status' | 'message'> {
  switch (outcome.kind) {
    case 'crashed':
      if (outcome.rssBackstop) {
        return {
          status: 'MemoryLimit',
          message: `Exceeded the memory limit of ${memoryMb} MB: the sandbox process grew past its budget (${outcome.rssBackstop.grewMb} MB more than when the run started, budget ${outcome.rssBackstop.budgetMb} MB), holding memory the isolate's own limit does not count, and was stopped.`,
        }
      }
      return outcome.outOfMemory
        ? {
            status: 'MemoryLimit',
            message: `Exceeded the memory limit of ${memoryMb} MB: V8 ran out of memory and the sandbox process was stopped.`,
          }
        : {
            status: 'InternalError',
            message: `The sandbox process stopped unexpectedly (${outcome.signal ?? `exit code ${outcome.exitCode}`}). This is not a verdict on your code: please submit again.`,
          }
    case 'deadline':
      return {
        status: 'TimeLimit',
        message: `Stopped after ${Math.round(outcome.deadlineMs / 1000)} s: the run did not answer and its process was killed.`,
      }
    case 'failed':
      return { status: 'InternalError', message: `The grader failed: ${outcome.message}` }
  }
}
