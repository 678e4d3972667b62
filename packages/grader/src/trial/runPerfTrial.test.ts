// runPerfTrial's verdict logic, with a scripted pool in place of sandbox children: who is blamed when a
// round fails (issue 14, class 5: a submission that breaks the reference's round), and counter clocks
// that the submission's run does not report (class 4).
import type { IsolateProgram, ProcessPool, Task, TaskOutcome } from '@arena/sandbox'
import { describe, expect, it } from 'vitest'
import type { PerfRoundTask, PerfRunReport } from '../child/tasks.ts'
import type { Clock, GradableChallenge } from '../types.ts'
import { type PerfTrialOptions, runPerfTrial } from './runPerfTrial.ts'

const SUBMISSION: IsolateProgram = {
  code: 'submission',
  filename: 'solution.ts',
  globalName: 'm',
  entry: 'solve',
}
const REFERENCE: IsolateProgram = {
  code: 'reference',
  filename: 'reference.ts',
  globalName: 'm',
  entry: 'solve',
}

type Who = 'submission' | 'reference'
/** The child process died during this program: the pool answers one report for the whole task. */
const LOST = Symbol('lost')
/** What one program's run reports, given the programs that ran before it in the same task. */
type Script = (who: Who, before: Who[], round: number) => PerfRunReport | typeof LOST

const accepted = (ns: number, counters?: Record<string, number>): PerfRunReport => ({
  status: 'Accepted',
  cpuNs: ns,
  wallNs: ns,
  peakBytes: 1000,
  ...(counters ? { counters } : {}),
})

/** A pool that plays each perf-round task by the script, in order, like runPerfRound does. */
function scriptedPool(script: Script) {
  const tasks: PerfRoundTask[] = []
  let rounds = 0
  const pool = {
    async run(task: Task): Promise<TaskOutcome<PerfRunReport[]>> {
      const payload = task.payload as PerfRoundTask
      tasks.push(payload)
      const round = rounds++
      const reports: PerfRunReport[] = []
      const ran: Who[] = []
      for (const program of payload.programs) {
        const who: Who = program === SUBMISSION || program.code === 'submission' ? 'submission' : 'reference'
        const report = script(who, [...ran], round)
        if (report === LOST) {
          // As callPerfRound answers a lost task: the same report for every program.
          const lost: PerfRunReport = {
            status: 'MemoryLimit',
            message: 'the process was stopped',
            cpuNs: 0,
            wallNs: 0,
            peakBytes: 0,
          }
          return { kind: 'done', value: payload.programs.map(() => lost) }
        }
        reports.push(report)
        ran.push(who)
        if (report.status !== 'Accepted') {
          while (reports.length < payload.programs.length)
            reports.push({ status: 'InternalError', cpuNs: 0, wallNs: 0, peakBytes: 0, notRun: true })
          break
        }
      }
      return { kind: 'done', value: reports }
    },
  }
  return { pool: pool as unknown as ProcessPool, tasks }
}

function challenge(clock: Clock = 'cpu', perf: Partial<GradableChallenge['perf']> = {}): GradableChallenge {
  return {
    id: 'test/trial',
    packHash: 'x',
    entry: 'solve',
    clock,
    engines: [],
    limits: { cpuMs: 1000, wallMs: 2000, memoryMb: 64, outputKb: 64, resultMb: 1, workers: 1, diskMb: 0 },
    perf: {
      cases: [{ name: 'big', size: 1000 }],
      warmupSize: 10,
      minRounds: 3,
      maxRounds: 3,
      targetSpread: 0.05,
      budgetMs: 60_000,
      ...perf,
    },
    testsFile: '/nonexistent/tests.ts',
    referenceSource: '',
  }
}

interface TrialSetting {
  perf?: Partial<GradableChallenge['perf']>
  budgetMs?: number
  now?: () => number
  carryFrom?: PerfTrialOptions['carryFrom']
}

function trial(script: Script, clock?: Clock, setting: TrialSetting = {}) {
  const { pool, tasks } = scriptedPool(script)
  const outcome = runPerfTrial({
    pool,
    challenge: challenge(clock, setting.perf),
    ...(setting.budgetMs === undefined ? {} : { budgetMs: setting.budgetMs }),
    ...(setting.now ? { now: setting.now } : {}),
    ...(setting.carryFrom ? { carryFrom: setting.carryFrom } : {}),
    testsBundle: { bundle: '', challenge: 'fixture/scripted', wallMs: 20_000, memoryMb: 512 },
    submission: SUBMISSION,
    reference: REFERENCE,
    limits: { cpuMs: 1000, wallMs: 2000, memoryMb: 64, outputBytes: 1024, resultBytes: 1024 },
    secretSeed: 1,
    runnerClass: 'cpu',
  })
  return { outcome, tasks }
}

describe('runPerfTrial: who is blamed', () => {
  it('scores a clean trial, and tells each round which program is the submission', async () => {
    const { outcome, tasks } = trial(() => accepted(1e6))
    const result = await outcome
    expect(result.ok && result.perf.score).toBe(1)
    expect(result.ok && result.perf.tier).toBe('gold')
    expect(tasks.map((task) => task.submissionIndex)).toEqual([0, 1, 0])
    for (const task of tasks) expect(task.programs[task.submissionIndex ?? -1]).toBe(SUBMISSION)
  })

  it('gives a reference failure after the submission to the submission when the reference passes alone', async () => {
    // The submission left something running (a kernel, a worker) that breaks whatever runs next here.
    const { outcome, tasks } = trial((who, before) =>
      who === 'reference' && before.includes('submission')
        ? { status: 'TimeLimit', message: 'Stopped after 2 s', cpuNs: 0, wallNs: 0, peakBytes: 0 }
        : accepted(1e6),
    )
    const result = await outcome
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toContain('Your code left work running that broke the next program')
    // The reference's own message is not quoted: it ran in a process the learner's code had shaped.
    expect(result.message).not.toContain('Stopped after 2 s')
    // The rerun is a task of the reference alone.
    expect(tasks).toHaveLength(2)
    expect(tasks[1]?.programs).toEqual([REFERENCE])
    expect(tasks[1]?.submissionIndex).toBeUndefined()
  })

  it('is the challenge fault (InternalError) only when the reference also fails alone', async () => {
    const { outcome, tasks } = trial((who) =>
      who === 'reference'
        ? { status: 'RuntimeError', message: 'boom', cpuNs: 0, wallNs: 0, peakBytes: 0 }
        : accepted(1e6),
    )
    const result = await outcome
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe('InternalError')
    expect(result.message).toContain('The reference solution failed on big (size 1000) (RuntimeError: boom)')
    expect(tasks).toHaveLength(2)
  })

  it('ends the round on a submission failure: the reference is not run after it', async () => {
    const seen: Who[][] = []
    const { outcome } = trial((who, before) => {
      seen.push([...before, who])
      return who === 'submission'
        ? {
            status: 'RuntimeError',
            message: 'A kernel you launched was still running',
            cpuNs: 0,
            wallNs: 0,
            peakBytes: 0,
          }
        : accepted(1e6)
    })
    const result = await outcome
    expect(result).toEqual({
      ok: false,
      status: 'RuntimeError',
      message: 'Runtime error (Error) on the performance trial, case "big (size 1000)".',
    })
    expect(seen).toEqual([['submission']])
  })
})

describe('runPerfTrial: a reference that fails first', () => {
  it('is the challenge fault without a rerun, and the submission is not run after it', async () => {
    const seen: Who[][] = []
    const { outcome, tasks } = trial((who, before, round) => {
      seen.push([...before, who])
      return who === 'reference' && round === 1
        ? { status: 'RuntimeError', message: 'boom', cpuNs: 0, wallNs: 0, peakBytes: 0 }
        : accepted(1e6)
    })
    const result = await outcome
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe('InternalError')
    expect(tasks).toHaveLength(2)
    // Round 0: submission then reference; round 1: the reference first, and nothing after it.
    expect(seen).toEqual([['submission'], ['submission', 'reference'], ['reference']])
  })
})

describe('runPerfTrial: a round whose process was lost', () => {
  it('is the reference fault when the reference alone kills its process', async () => {
    const { outcome, tasks } = trial((who) => (who === 'reference' ? LOST : accepted(1e6)))
    const result = await outcome
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe('InternalError')
    expect(result.message).toContain('The reference solution failed')
    expect(tasks.map((task) => task.programs)).toEqual([[SUBMISSION, REFERENCE], [SUBMISSION], [REFERENCE]])
  })

  it("is the submission's verdict when it kills its process alone", async () => {
    const { outcome } = trial((who) => (who === 'submission' ? LOST : accepted(1e6)))
    const result = await outcome
    expect(result).toEqual({
      ok: false,
      status: 'MemoryLimit',
      message: 'Memory limit exceeded on the performance trial, case "big (size 1000)".',
    })
  })

  it("is the submission's verdict when both pass alone but not after each other", async () => {
    const { outcome } = trial((who, before) =>
      who === 'reference' && before.length > 0 ? LOST : accepted(1e6),
    )
    const result = await outcome
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe('MemoryLimit')
    expect(result.message).toContain('each passes alone, so what your code left behind broke the round')
  })
})

describe('runPerfTrial: counter clocks', () => {
  it("is the learner's verdict when the submission's run lacks the counter the reference reports", async () => {
    const { outcome } = trial(
      (who) => (who === 'reference' ? accepted(1e6, { slowestReduceNs: 5e5 }) : accepted(1e3)),
      'counter:slowestReduceNs',
    )
    const result = await outcome
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toContain('an engine counter (its clock)')
    expect(result.message).toContain('your code ran none of the work')
  })

  it('is the challenge fault when the reference lacks the counter', async () => {
    const { outcome } = trial(() => accepted(1e6), 'counter:kernelAndCodeNs')
    const result = await outcome
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.status).toBe('InternalError')
    expect(result.message).toContain("the reference solution's run reported no such counter")
  })

  it('ranks by the counter when both report it', async () => {
    const { outcome } = trial(
      (who) => accepted(1e6, { kernelAndCodeNs: who === 'reference' ? 1e6 : 4e6 }),
      'counter:kernelAndCodeNs',
    )
    const result = await outcome
    expect(result.ok && result.perf.score).toBe(0.25)
    expect(result.ok && result.perf.tier).toBe('bronze')
  })
})

describe('runPerfTrial: rounds, interval and budget (issue 16.4, 17.4)', () => {
  /** Submission times per round, cycling: the ratio of each round is 1e6 / that time. */
  const cycling =
    (submissionNs: number[]): Script =>
    (who, _before, round) =>
      accepted(who === 'reference' ? 1e6 : (submissionNs[round % submissionNs.length] as number))
  const wide = { minRounds: 5, maxRounds: 41, targetSpread: 0.02 }

  it('stops early when the interval is far from every tier line (a slow baseline)', async () => {
    const { outcome, tasks } = trial(cycling([5e6, 6e6, 4e6, 7e6]), 'cpu', { perf: wide })
    const result = await outcome
    expect(tasks).toHaveLength(5)
    expect(result.ok && result.perf.tier).toBe('bronze')
    expect(result.ok && result.perf.cutShort).toBeUndefined()
  })

  it('measures more rounds while the interval straddles a line, then awards the upper tier within the noise', async () => {
    // Reference against itself on a noisy machine: ratios 0.91-1.1 around 1.
    let clock = 0
    const { outcome, tasks } = trial(
      (who, before, round) => {
        clock += 100
        return cycling([1.1e6, 0.91e6, 1.05e6, 0.97e6])(who, before, round)
      },
      'cpu',
      { perf: wide, budgetMs: 2_000, now: () => clock },
    )
    const result = await outcome
    if (!result.ok) throw new Error(result.message)
    expect(tasks.length).toBeGreaterThan(5)
    expect(result.perf.tier).toBe('gold')
    expect(result.perf.withinNoise).toBe(true)
    expect(result.perf.tierNote).toContain('gold within the measurement noise')
    expect(result.perf.cutShort).toBe(true)
    expect(result.perf.noisy).toBeUndefined()
    expect(result.perf.interval?.[0]).toBeLessThan(0.95)
    // The budget ends the trial: a round that started before it finishes, no round starts after.
    expect(result.perf.spentMs).toBeLessThanOrEqual(2_000 + 2 * 100)
  })

  it('marks a trial whose interval stays wide across a line as noisy', async () => {
    let clock = 0
    const { outcome } = trial(
      (who, before, round) => {
        clock += 100
        return cycling([0.6e6, 1.6e6, 0.8e6, 1.3e6])(who, before, round)
      },
      'cpu',
      { perf: wide, budgetMs: 1_000, now: () => clock },
    )
    const result = await outcome
    expect(result.ok && result.perf.noisy).toBe(true)
    expect(result.ok && result.perf.tier).toBe('gold')
  })

  it('gives every case the rounds a 95% interval needs when the budget is spent', async () => {
    let clock = 0
    const { outcome, tasks } = trial(
      (who, before, round) => {
        clock += 10_000
        return cycling([0.6e6, 1.6e6, 0.8e6, 1.3e6])(who, before, round)
      },
      'cpu',
      {
        perf: {
          ...wide,
          cases: [
            { name: 'small', size: 10 },
            { name: 'big', size: 1000 },
          ],
        },
        budgetMs: 1_000,
        now: () => clock,
      },
    )
    const result = await outcome
    expect(tasks).toHaveLength(12)
    expect(result.ok && result.perf.cases.map((each) => each.rounds)).toEqual([6, 6])
    expect(result.ok && result.perf.cutShort).toBe(true)
  })

  it('a 2x-slower solution never gets gold, however its rounds scatter', async () => {
    const { outcome } = trial(cycling([2.2e6, 1.8e6, 2.4e6, 1.9e6, 2e6]), 'cpu', { perf: wide })
    const result = await outcome
    expect(result.ok && result.perf.tier).not.toBe('gold')
  })
})

describe("runPerfTrial: a runner's second grading pools the first one's rounds (issue 16.4)", () => {
  const wide = { minRounds: 5, maxRounds: 41, targetSpread: 0.02 }
  /** A noisy first trial of the reference against itself: wide ratios around 1. */
  const firstTrial = async () => {
    let clock = 0
    const { outcome } = trial(
      (who, _before, round) => {
        clock += 100
        const times = [0.6e6, 1.6e6, 0.8e6, 1.3e6, 1.05e6]
        return accepted(who === 'reference' ? 1e6 : (times[round % times.length] as number))
      },
      'cpu',
      { perf: wide, budgetMs: 1_000, now: () => clock },
    )
    const result = await outcome
    if (!result.ok) throw new Error(result.message)
    return result.perf
  }

  it("keeps every round's two times on the clock in the result", async () => {
    const first = await firstTrial()
    const [only] = first.cases
    expect(only?.roundTimes).toHaveLength(only?.rounds ?? -1)
    expect(only?.roundTimes?.[1]).toEqual({ referenceNs: 1e6, submissionNs: 1.6e6 })
    expect(only?.carriedRounds).toBeUndefined()
  })

  it('pools the carried rounds with its own: more rounds behind the ratio, the interval narrower', async () => {
    const first = await firstTrial()
    expect(first.noisy).toBe(true)
    let clock = 0
    // The second trial measures the same code on a calmer machine: ratios near 1.
    const { outcome, tasks } = trial(
      (who, _before, round) => {
        clock += 100
        const times = [0.98e6, 1.02e6, 1e6]
        return accepted(who === 'reference' ? 1e6 : (times[round % times.length] as number))
      },
      'cpu',
      { perf: wide, budgetMs: 3_000, now: () => clock, carryFrom: first },
    )
    const second = await outcome
    if (!second.ok) throw new Error(second.message)
    const [firstCase] = first.cases
    const [pooled] = second.perf.cases
    expect(pooled?.carriedRounds).toBe(firstCase?.rounds)
    expect(pooled?.rounds).toBe((firstCase?.rounds ?? 0) + tasks.length)
    // Carried rounds first, in the order they were measured.
    expect(pooled?.roundTimes?.slice(0, firstCase?.rounds)).toEqual(firstCase?.roundTimes)
    expect(second.perf.noisy).toBeUndefined()
    expect(second.perf.tier).toBe('gold')
    const width = (interval: readonly [number, number] | undefined) =>
      interval ? interval[1] - interval[0] : 0
    expect(width(second.perf.interval)).toBeLessThan(width(first.interval))
  })

  it('measures the machine as it is now too: at least the floor of rounds of its own', async () => {
    // A carried trial that is already settled far below every line (a slow solution) still gets rounds now.
    const settledSlow = await (async () => {
      const { outcome } = trial((who) => accepted(who === 'reference' ? 1e6 : 5e6), 'cpu', { perf: wide })
      const result = await outcome
      if (!result.ok) throw new Error(result.message)
      return result.perf
    })()
    const { outcome, tasks } = trial((who) => accepted(who === 'reference' ? 1e6 : 5e6), 'cpu', {
      perf: wide,
      carryFrom: settledSlow,
    })
    await outcome
    expect(tasks).toHaveLength(3)
  })

  it('on a machine past its budget, counts the carried rounds toward the 95% interval: three of its own', async () => {
    const first = await firstTrial()
    expect(first.cases[0]?.rounds).toBeGreaterThanOrEqual(6)
    let clock = 0
    const { outcome, tasks } = trial(
      (who) => {
        clock += 10_000
        return accepted(who === 'reference' ? 1e6 : 1.3e6)
      },
      'cpu',
      { perf: wide, budgetMs: 1_000, now: () => clock, carryFrom: first },
    )
    const second = await outcome
    expect(tasks).toHaveLength(3)
    expect(second.ok && second.perf.cutShort).toBe(true)
  })

  it('carries nothing from a trial on another clock or of other cases', async () => {
    const first = await firstTrial()
    const otherClock = trial((who) => accepted(who === 'reference' ? 1e6 : 1e6), 'wall', {
      perf: wide,
      carryFrom: first,
    })
    const renamed = trial((who) => accepted(who === 'reference' ? 1e6 : 1e6), 'cpu', {
      perf: { ...wide, cases: [{ name: 'other', size: 1000 }] },
      carryFrom: first,
    })
    const resized = trial((who) => accepted(who === 'reference' ? 1e6 : 1e6), 'cpu', {
      perf: { ...wide, cases: [{ name: 'big', size: 999 }] },
      carryFrom: first,
    })
    for (const { outcome } of [otherClock, renamed, resized]) {
      const result = await outcome
      expect(result.ok && result.perf.cases[0]?.carriedRounds).toBeUndefined()
      expect(result.ok && result.perf.cases[0]?.rounds).toBe(5)
    }
  })
})
