import { fileURLToPath } from 'node:url'
import type { ProcessPool, TaskOutcome } from '@arena/sandbox'
import type { CaseReport, CaseTask, PerfRoundTask, PerfRunReport } from '../child/tasks.ts'

const TASKS_MODULE = fileURLToPath(new URL('../child/tasks.ts', import.meta.url))
/** Room for input generation and checking on top of the programs' own wall limits. */
const DEADLINE_SLACK_MS = 30_000

export async function callRunCase(pool: ProcessPool, task: CaseTask): Promise<CaseReport> {
  const deadlineMs = task.limits.wallMs + DEADLINE_SLACK_MS
  const outcome = await pool.run<CaseReport>({
    module: TASKS_MODULE,
    fn: 'runCase',
    payload: task,
    deadlineMs,
  })
  if (outcome.kind === 'done') return outcome.value
  return { ...lostTask(outcome, task.limits.memoryMb), cpuNs: 0, wallNs: 0, peakBytes: 0 }
}

export async function callPerfRound(pool: ProcessPool, task: PerfRoundTask): Promise<PerfRunReport[]> {
  const deadlineMs = task.programs.length * task.limits.wallMs + DEADLINE_SLACK_MS
  const outcome = await pool.run<PerfRunReport[]>({
    module: TASKS_MODULE,
    fn: 'runPerfRound',
    payload: task,
    deadlineMs,
  })
  if (outcome.kind === 'done') return outcome.value
  const lost = { ...lostTask(outcome, task.limits.memoryMb), cpuNs: 0, wallNs: 0, peakBytes: 0 }
  return task.programs.map(() => lost)
}

/** A child process that died or overran: still a verdict, never a hang. */
function lostTask(
  outcome: Exclude<TaskOutcome<unknown>, { kind: 'done' }>,
  memoryMb: number,
): Pick<CaseReport, 'status' | 'message'> {
  switch (outcome.kind) {
    case 'crashed':
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
