import type { EngineCounters } from '@arena/engines'
import type { IsolateLimits, IsolateProgram, ProcessPool } from '@arena/sandbox'
import { type CaseSize, formatCaseSize } from '../caseSize.ts'
import type { EngineGrant } from '../child/runWithEngines.ts'
import type { PerfRoundTask, PerfRunReport } from '../child/tasks.ts'
import { engineGrant } from '../engineGrant.ts'
import { hiddenRunMessage } from '../hiddenDetail.ts'
import type { PackCode } from '../packCode.ts'
import { unscoredReason } from '../runnerClass.ts'
import type {
  Clock,
  GradableChallenge,
  JobGraphs,
  PerfCaseResult,
  PerfResult,
  ProgressEvent,
  RunMetrics,
  Verdict,
} from '../types.ts'
import { callPerfRound } from './sandboxCalls.ts'
import { deriveSeed, geometricMean, median } from './stats.ts'
import {
  caseSettled,
  crossedLine,
  decideTier,
  estimateCase,
  FLOOR_ROUNDS,
  headlineOf,
  INTERVAL_ROUNDS,
  RATIO_CAP,
  spreadOf,
  TRIAL_BUDGET_MS,
} from './tierDecision.ts'

export { GOLD_AT, RATIO_CAP, SILVER_AT, tierOf } from './tierDecision.ts'

export interface PerfTrialOptions {
  pool: ProcessPool
  challenge: GradableChallenge
  testsBundle: PackCode
  submission: IsolateProgram
  reference: IsolateProgram
  limits: IsolateLimits
  secretSeed: number
  runnerClass: string
  /** The reference's engines when they differ from the submission's (a scaling trial: one worker). */
  referenceEngines?: EngineGrant
  onProgress?: (event: ProgressEvent) => void
  signal?: AbortSignal
  /** Time for the whole trial (all cases); TRIAL_BUDGET_MS unless a test sets it. */
  budgetMs?: number
  /** The clock the budget is read on (tests script time); Date.now by default. */
  now?: () => number
  /**
   * An earlier trial of the same submission on the same challenge (a runner's first, noisy grading):
   * its rounds join this trial's, case by case where the name and size match, so that a second
   * measurement narrows the interval instead of drawing a new one.
   */
  carryFrom?: Pick<PerfResult, 'cases' | 'clock'>
}

/** Two times of one round on the challenge's clock. */
type RoundTimes = { referenceNs: number; submissionNs: number }

export type PerfTrialOutcome =
  | { ok: true; perf: PerfResult; largest: RunMetrics }
  | { ok: false; status: Verdict; message: string }

interface Round {
  /** On the challenge's clock. */
  referenceNs: number
  submissionNs: number
  submissionCpuNs: number
  submissionWallNs: number
  referencePeak: number
  submissionPeak: number
  referenceCounters?: EngineCounters
  submissionCounters?: EngineCounters
  submissionTimeline?: RunMetrics['timeline']
  referenceJobGraphs?: JobGraphs
  submissionJobGraphs?: JobGraphs
}

/**
 * The performance trial of DESIGN.md: per case, rounds of reference and submission on the same fresh
 * input, interleaved in one child process with the order alternating. A case stops adding rounds once
 * its 95% interval is narrow enough (targetSpread) or crosses no tier line (far from every boundary),
 * at maxRounds, or when its share of the trial's time budget is spent. Then, while the headline's
 * interval crosses a tier line and time is left, the widest case gets more rounds. The tier is decided
 * by the interval (tierDecision.ts).
 */
export async function runPerfTrial(options: PerfTrialOptions): Promise<PerfTrialOutcome> {
  const { challenge } = options
  const { perf } = challenge
  const now = options.now ?? Date.now
  const budgetMs = options.budgetMs ?? TRIAL_BUDGET_MS
  const startedAt = now()
  const trialDeadline = startedAt + budgetMs
  const roundsOf: Round[][] = perf.cases.map(() => [])
  const carriedOf = carriedRounds(options)
  /** Each case's ratios: the carried rounds' and this trial's. */
  const ratiosOf = (caseIndex: number) =>
    [...(carriedOf[caseIndex] as RoundTimes[]), ...(roundsOf[caseIndex] as Round[])].map(ratioOf)
  let cutShort = false

  const measure = async (caseIndex: number): Promise<PerfTrialOutcome | undefined> => {
    const rounds = roundsOf[caseIndex] as Round[]
    const measured = await runRound(options, caseIndex, rounds.length)
    if ('ok' in measured) return measured
    rounds.push(measured)
    return undefined
  }

  // Each case in turn, until it is settled or its share of what is left of the budget is spent.
  for (const [caseIndex] of perf.cases.entries()) {
    const rounds = roundsOf[caseIndex] as Round[]
    const casesLeft = perf.cases.length - caseIndex
    const share = Math.max(0, trialDeadline - now()) / casesLeft
    const caseDeadline = now() + Math.min(perf.budgetMs, share)
    while (rounds.length < perf.maxRounds) {
      const failed = await measure(caseIndex)
      if (failed) return failed
      // Carried rounds count toward settling, but this trial measures the machine as it is now too.
      if (rounds.length < Math.min(FLOOR_ROUNDS, perf.minRounds)) continue
      const pooled = ratiosOf(caseIndex)
      if (caseSettled(pooled, perf.minRounds, perf.targetSpread)) break
      // Cut short by the budget, but not before the case has a 95% interval.
      if (now() >= caseDeadline && pooled.length >= Math.min(INTERVAL_ROUNDS, perf.maxRounds)) {
        cutShort = rounds.length < perf.maxRounds
        break
      }
    }
  }

  // The headline still crosses a tier line: more rounds for the case whose interval is widest.
  const unscored = unscoredReason(options.runnerClass)
  while (!unscored) {
    const headline = headlineOf(roundsOf.map((_, index) => estimateCase(ratiosOf(index))))
    if (crossedLine(headline.interval) === undefined) break
    const widest = widestOpenCase(roundsOf, ratiosOf, perf.maxRounds)
    if (widest === undefined) break
    if (now() >= trialDeadline) {
      cutShort = true
      break
    }
    const failed = await measure(widest)
    if (failed) return failed
  }

  const cases = perf.cases.map((perfCase, index) =>
    summarize(perfCase, roundsOf[index] as Round[], carriedOf[index] as RoundTimes[]),
  )
  const largest = largestMetrics(roundsOf.at(-1) as Round[], cases.at(-1) as PerfCaseResult)
  const memoryRatio = geometricMean(cases.map((result) => result.memoryRatio))
  const budget = { budgetMs, spentMs: now() - startedAt, ...(cutShort ? { cutShort: true as const } : {}) }
  const measured = { clock: challenge.clock, cap: RATIO_CAP, memoryRatio, cases, ...budget }
  // On a software GPU the rounds still ran (the times are shown, every output was checked), but the
  // ratio ranks CPU code against kernels run on the CPU: no score, no tier.
  if (unscored) return { ok: true, perf: { ...measured, note: unscored }, largest }
  const headline = headlineOf(cases)
  const decision = decideTier(headline)
  return {
    ok: true,
    perf: {
      ...measured,
      score: headline.ratio,
      interval: headline.interval,
      tier: decision.tier,
      ...(decision.withinNoise ? { withinNoise: true as const } : {}),
      ...(decision.note ? { tierNote: decision.note } : {}),
      ...(decision.noisy ? { noisy: true as const } : {}),
    },
    largest,
  }
}

/**
 * Per case, the rounds carried from an earlier trial (`carryFrom`): only a case of the same name and
 * size on the same clock, so that pooled ratios compare the same work.
 */
function carriedRounds({ carryFrom, challenge }: PerfTrialOptions): RoundTimes[][] {
  return challenge.perf.cases.map((perfCase) => {
    if (carryFrom?.clock !== challenge.clock) return []
    const earlier = carryFrom.cases.find(
      (each) => each.name === perfCase.name && formatCaseSize(each.size) === formatCaseSize(perfCase.size),
    )
    return earlier?.roundTimes?.filter((times) => times.submissionNs > 0 && times.referenceNs > 0) ?? []
  })
}

/** The case whose interval is widest (relative to its ratio) among those with own rounds below maxRounds. */
function widestOpenCase(
  roundsOf: readonly Round[][],
  ratiosOf: (caseIndex: number) => number[],
  maxRounds: number,
): number | undefined {
  let widest: number | undefined
  let widestSpread = -1
  for (const [index, rounds] of roundsOf.entries()) {
    if (rounds.length >= maxRounds) continue
    const estimate = estimateCase(ratiosOf(index))
    const spread = spreadOf(estimate.ratio, estimate.interval)
    if (spread > widestSpread) {
      widest = index
      widestSpread = spread
    }
  }
  return widest
}

/** The submission's measurements on the largest case: medians over its rounds, the last timeline. */
function largestMetrics(rounds: readonly Round[], result: PerfCaseResult): RunMetrics {
  const largest: RunMetrics = {
    cpuNs: median(rounds.map((round) => round.submissionCpuNs)),
    wallNs: median(rounds.map((round) => round.submissionWallNs)),
    peakBytes: result.submission.peakBytes,
  }
  if (result.submission.counters) largest.counters = result.submission.counters
  const timeline = rounds.at(-1)?.submissionTimeline
  if (timeline) largest.timeline = timeline
  return largest
}

/**
 * One round of a case: reference and submission on the same fresh input, the order alternating by
 * round. A failed round is the trial's outcome (who is blamed: see the functions below).
 */
async function runRound(
  options: PerfTrialOptions,
  caseIndex: number,
  round: number,
): Promise<Round | PerfTrialOutcome> {
  const { challenge, secretSeed } = options
  const { perf } = challenge
  const perfCase = perf.cases[caseIndex] as (typeof perf.cases)[number]
  if (options.signal?.aborted)
    return { ok: false, status: 'InternalError', message: 'The grading was cancelled.' }
  options.onProgress?.({
    phase: 'perf',
    caseName: perfCase.name,
    round: round + 1,
    maxRounds: perf.maxRounds,
    casesDone: caseIndex,
    casesTotal: perf.cases.length,
  })
  const submissionFirst = round % 2 === 0
  const programs = submissionFirst
    ? [options.submission, options.reference]
    : [options.reference, options.submission]
  const engines = engineGrant(challenge, options.runnerClass)
  const referenceEngines = options.referenceEngines ?? engines
  const roundTask: PerfRoundTask = {
    testsBundle: options.testsBundle,
    programs,
    programEngines: submissionFirst ? [engines, referenceEngines] : [referenceEngines, engines],
    limits: options.limits,
    engines,
    warmup: { seed: deriveSeed(secretSeed, perfCase.name, round, 'warmup'), size: perf.warmupSize },
    timed: { seed: deriveSeed(secretSeed, perfCase.name, round), size: perfCase.size },
    submissionIndex: submissionFirst ? 0 : 1,
  }
  const reports = await callPerfRound(options.pool, roundTask)
  const [submission, reference] = submissionFirst ? reports : [reports[1], reports[0]]
  if (!submission || !reference) throw new Error('a perf round returned no reports')
  const where = `${perfCase.name} (size ${formatCaseSize(perfCase.size)})`
  // The challenge's own generate or check failed: its fault, whoever's output it was checking.
  const packFault = reports.find((report) => report.packFault)
  if (packFault) return { ok: false, status: 'InternalError', message: packFault.message ?? '' }
  if (wholeRoundLost(reports)) return blameLostRound(options, roundTask, where, reports[0] as PerfRunReport)
  // The round ends at its first failure (the rest are not run): that program has the verdict. A
  // reference that ran first failed on its own; one that ran after the submission is run again.
  if (!submissionFirst && reference.status !== 'Accepted') return referenceFault(where, reference)
  if (submission.status !== 'Accepted') return submissionFault(submission, where)
  if (reference.status !== 'Accepted') return blameReferenceFailure(options, roundTask, reference, where)
  const referenceNs = clockReading(challenge.clock, reference)
  const submissionNs = clockReading(challenge.clock, submission)
  if (referenceNs === undefined) {
    return {
      ok: false,
      status: 'InternalError',
      message: `The challenge times the trial by ${challenge.clock}, but the reference solution's run reported no such counter; this is a fault of the challenge, not of your code.`,
    }
  }
  if (submissionNs === undefined) return missingCounterVerdict(where)
  return {
    referenceNs: Math.max(1, referenceNs),
    submissionNs: Math.max(1, submissionNs),
    submissionCpuNs: submission.cpuNs,
    submissionWallNs: submission.wallNs,
    referencePeak: reference.peakBytes,
    submissionPeak: submission.peakBytes,
    referenceCounters: reference.counters,
    submissionCounters: submission.counters,
    submissionTimeline: submission.timeline,
    referenceJobGraphs: reference.jobGraphs,
    submissionJobGraphs: submission.jobGraphs,
  }
}

/**
 * The reference failed after the submission ran before it in the same process: the submission may
 * have left work behind that broke it (a kernel still running, a worker, memory). The reference runs
 * again alone, in a fresh process. If it passes there, the failure is the submission's verdict; only a
 * reference that fails on its own is a fault of the challenge (InternalError).
 */
async function blameReferenceFailure(
  options: PerfTrialOptions,
  roundTask: PerfRoundTask,
  failed: PerfRunReport,
  where: string,
): Promise<PerfTrialOutcome> {
  const referenceIndex = 1
  const [alone] = await callPerfRound(options.pool, {
    ...roundTask,
    programs: [roundTask.programs[referenceIndex] as IsolateProgram],
    programEngines: roundTask.programEngines
      ? [roundTask.programEngines[referenceIndex] as EngineGrant]
      : undefined,
    submissionIndex: undefined,
  })
  if (alone?.status !== 'Accepted') return referenceFault(where, alone ?? failed)
  // The reference's own message is not quoted: it failed in a process the learner's code had shaped.
  return {
    ok: false,
    status: 'RuntimeError',
    message: hiddenRunMessage({
      status: 'RuntimeError',
      place: 'performance',
      name: where,
      explanation: 'leftWorkBrokeReference',
    }),
  }
}

/**
 * The submission's own failure on a generated input: its verdict with no word of its message (which
 * the learner's code wrote, or a checker wrote about its output), as hiddenDetail.ts rules.
 */
function submissionFault(submission: PerfRunReport, where: string): PerfTrialOutcome {
  return {
    ok: false,
    status: submission.status,
    message: hiddenRunMessage({
      status: submission.status,
      place: 'performance',
      name: where,
      message: submission.message,
      // The child's failure report carries the learner's mapped location beside its message.
      location: (submission as PerfRunReport & { location?: unknown }).location,
    }),
  }
}

/** The only InternalError a trial gives for a program's failure: the reference's own, run alone. */
function referenceFault(where: string, report: PerfRunReport): PerfTrialOutcome {
  return {
    ok: false,
    status: 'InternalError',
    message: `The reference solution failed on ${where} (${report.status}: ${report.message ?? ''}); this is a fault of the challenge, not of your code.`,
  }
}

/** The pool lost the round's process (a crash, a deadline, the memory backstop): one report for all. */
function wholeRoundLost(reports: readonly PerfRunReport[]): boolean {
  return reports.length > 1 && reports.every((report) => report === reports[0])
}

/**
 * The round's process died and its report cannot say during which program. Each runs again alone, in
 * a fresh process: the one that fails alone has the verdict (the reference: a fault of the challenge);
 * if both pass alone, they failed only together, after the submission ran in that process: the
 * submission's verdict, unless the loss was the platform's own (InternalError).
 */
async function blameLostRound(
  options: PerfTrialOptions,
  roundTask: PerfRoundTask,
  where: string,
  lost: PerfRunReport,
): Promise<PerfTrialOutcome> {
  const alone = async (program: IsolateProgram) => {
    const index = roundTask.programs.indexOf(program)
    const engines = roundTask.programEngines?.[index]
    const [report] = await callPerfRound(options.pool, {
      ...roundTask,
      programs: [program],
      programEngines: engines ? [engines] : undefined,
      submissionIndex: program === options.submission ? 0 : undefined,
    })
    return report ?? lost
  }
  const submission = await alone(options.submission)
  if (submission.status !== 'Accepted') return submissionFault(submission, where)
  const reference = await alone(options.reference)
  if (reference.status !== 'Accepted') return referenceFault(where, reference)
  if (lost.status === 'InternalError') return { ok: false, status: lost.status, message: lost.message ?? '' }
  return {
    ok: false,
    status: lost.status,
    message: hiddenRunMessage({
      status: lost.status,
      place: 'performance',
      name: where,
      explanation: 'leftWorkBrokeRound',
    }),
  }
}

/**
 * A counter clock the reference's run reports but the submission's does not: the submission did none
 * of the work the challenge times (e.g. no mapreduce job), so it has no time on that clock. Its
 * verdict, not the challenge's fault.
 */
function missingCounterVerdict(where: string): PerfTrialOutcome {
  return {
    ok: false,
    status: 'RuntimeError',
    message: hiddenRunMessage({
      status: 'RuntimeError',
      place: 'performance',
      name: where,
      explanation: 'noCounterWork',
    }),
  }
}

function ratioOf(times: RoundTimes): number {
  return times.referenceNs / times.submissionNs
}

/**
 * A case's result: ratio, interval and median times over the carried rounds and this trial's;
 * memory peaks and counters from this trial's rounds, which measured them.
 */
function summarize(
  perfCase: { name: string; size: CaseSize },
  rounds: readonly Round[],
  carried: readonly RoundTimes[],
): PerfCaseResult {
  const roundTimes = [...carried, ...rounds].map(({ referenceNs, submissionNs }) => ({
    referenceNs,
    submissionNs,
  }))
  const estimate = estimateCase(roundTimes.map(ratioOf))
  const referencePeak = median(rounds.map((round) => round.referencePeak))
  const submissionPeak = median(rounds.map((round) => round.submissionPeak))
  // The DAG is one run's, not a median: the last round's, as the timeline is.
  const last = rounds.at(-1)
  return {
    name: perfCase.name,
    size: perfCase.size,
    ratio: estimate.ratio,
    interval: estimate.interval,
    spread: spreadOf(estimate.ratio, estimate.interval),
    rounds: roundTimes.length,
    roundTimes,
    ...(carried.length > 0 ? { carriedRounds: carried.length } : {}),
    submission: withJobGraphs(
      withCounters(
        { medianNs: median(roundTimes.map((times) => times.submissionNs)), peakBytes: submissionPeak },
        medianCounters(rounds.map((round) => round.submissionCounters)),
      ),
      last?.submissionJobGraphs,
    ),
    reference: withJobGraphs(
      withCounters(
        { medianNs: median(roundTimes.map((times) => times.referenceNs)), peakBytes: referencePeak },
        medianCounters(rounds.map((round) => round.referenceCounters)),
      ),
      last?.referenceJobGraphs,
    ),
    memoryRatio: submissionPeak / Math.max(1, referencePeak),
  }
}

/** Per counter, the median over the rounds that reported it; undefined when none did. */
function medianCounters(perRound: readonly (EngineCounters | undefined)[]): EngineCounters | undefined {
  const values = new Map<string, number[]>()
  for (const counters of perRound) {
    for (const [name, value] of Object.entries(counters ?? {})) {
      values.set(name, [...(values.get(name) ?? []), value])
    }
  }
  if (values.size === 0) return undefined
  return Object.fromEntries([...values].map(([name, list]) => [name, median(list)]))
}

function withCounters<T extends object>(side: T, counters: EngineCounters | undefined): T {
  return counters ? { ...side, counters } : side
}

function withJobGraphs<T extends object>(side: T, jobGraphs: JobGraphs | undefined): T {
  return jobGraphs ? { ...side, jobGraphs } : side
}

/** The round's time on the challenge's clock, or undefined when an engine counter clock is missing. */
function clockReading(clock: Clock, report: PerfRunReport): number | undefined {
  if (clock === 'cpu') return report.cpuNs
  if (clock === 'wall') return report.wallNs
  return report.counters?.[clock.slice('counter:'.length)]
}
