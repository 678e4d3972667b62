// How the grader reads a lost sandbox task: the RSS backstop is the learner's MemoryLimit, never an
// InternalError; and the budget it gives each task.
import { type ProcessPool, type Task, type TaskOutcome, WALL_CEILING_FACTOR } from '@arena/sandbox'
import { describe, expect, it } from 'vitest'
import type { CaseTask } from '../child/tasks.ts'
import { callPerfRound, callRunCase, memoryBudgetMb } from './sandboxCalls.ts'

const pack = { bundle: '', challenge: 'fixture/x', wallMs: 20_000, memoryMb: 512 }
const task = {
  testsBundle: pack,
  program: { code: '', filename: 'solution.ts', globalName: 'm', entry: 'solve' },
  limits: { cpuMs: 1000, wallMs: 3000, memoryMb: 128, outputBytes: 4096, resultBytes: 16 * 2 ** 20 },
  engines: { names: ['pool'], workers: 2, diskMb: 0, runnerClass: 'cpu' },
  ref: { kind: 'sample', index: 0 },
  detailed: false,
} as unknown as CaseTask

function poolAnswering(outcome: TaskOutcome<unknown>, seen: Task[] = []): ProcessPool {
  return {
    run: async (sent: Task) => {
      seen.push(sent)
      return outcome
    },
  } as unknown as ProcessPool
}

const killedByBackstop: TaskOutcome<unknown> = {
  kind: 'crashed',
  exitCode: null,
  signal: 'SIGKILL',
  outOfMemory: true,
  stderr: '',
  rssBackstop: { budgetMb: 700, grewMb: 2100 },
}

describe('sandbox calls', () => {
  it('a child killed by the RSS backstop is a MemoryLimit that says the process grew past its budget', async () => {
    const report = await callRunCase(poolAnswering(killedByBackstop), task)
    expect(report.status).toBe('MemoryLimit')
    expect(report.message).toMatch(
      /memory limit of 128 MB: the sandbox process grew past its budget \(2100 MB more/,
    )
    const [round] = await callPerfRound(poolAnswering(killedByBackstop), {
      testsBundle: pack,
      programs: [task.program, task.program],
      limits: task.limits,
      engines: task.engines,
      warmup: { seed: 1, size: 1 },
      timed: { seed: 2, size: 2 },
    })
    expect(round?.status).toBe('MemoryLimit')
  })

  it('every task carries a budget: the programs’ memory in every isolate, their result copies, the pack code’s isolate and a slack', async () => {
    const seen: Task[] = []
    await callRunCase(poolAnswering({ kind: 'done', value: {} }, seen), task)
    // 128 MB x (main + 2 workers) + 2 x 16 MB of result + 512 MB of pack code + 256 MB.
    expect(seen[0]?.memoryBudgetMb).toBe(128 * 3 + 32 + 512 + 256)
    // The deadline holds the program's wall ceiling (a run starved of a core may take it) and the pack
    // code's budget.
    expect(seen[0]?.deadlineMs).toBe(3000 * WALL_CEILING_FACTOR + 20_000 + 30_000)
    expect(memoryBudgetMb(task, 2)).toBe(2 * (128 * 3 + 32) + 512 + 256)
    expect(memoryBudgetMb({ ...task, engines: { ...task.engines, runnerClass: 'gpu:any' } })).toBe(
      128 * 3 + 32 + 512 + 256 + 512,
    )
  })
})
