import type { EngineCounters } from '@arena/engines'
import type { IsolateLimits, IsolateProgram, ProcessPool } from '@arena/sandbox'
import type { EngineGrant } from '../child/runWithEngines.ts'
import type { PerfRunReport } from '../child/tasks.ts'
import { engineGrant } from '../engineGrant.ts'
import type {
  Clock,
  GradableChallenge,
  PerfCaseResult,
  PerfResult,
  ProgressEvent,
  RunMetrics,
  Tier,
  Verdict,
} from '../types.ts'
import { callPerfRound } from './sandboxCalls.ts'
import { deriveSeed, geometricMean, median, medianInterval } from './stats.ts'

/** Per-case ratios are clamped to [1/CAP, CAP] so that one case cannot dominate the score. */
export const RATIO_CAP = 10
/** Within 5% of the reference counts as reference speed: the measurement itself moves by a few %. */
export const GOLD_AT = 0.95
export const SILVER_AT = 0.5

export interface PerfTrialOptions {
  pool: ProcessPool
  challenge: GradableChallenge
  testsBundle: string
  submission: IsolateProgram
  reference: IsolateProgram
  limits: IsolateLimits
  secretSeed: number
  runnerClass: string
  /** The reference's engines when they differ from the submission's (a scaling trial: one worker). */
  referenceEngines?: EngineGrant
  onProgress?: (event: ProgressEvent) => void
  signal?: AbortSignal
}

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
}

/**
 * The performance trial of DESIGN.md: per case, rounds of reference and submission on the same fresh
 * input, interleaved in one child process with the order alternating, until the 95% interval of the
 * median ratio is within ±targetSpread, maxRounds is reached, or the case's time budget is spent.
 */
export async function runPerfTrial(options: PerfTrialOptions): Promise<PerfTrialOutcome> {
  const { challenge, secretSeed } = options
  const { perf } = challenge
  const cases: PerfCaseResult[] = []
  let largest: RunMetrics = { cpuNs: 0, wallNs: 0, peakBytes: 0 }
  for (const [caseIndex, perfCase] of perf.cases.entries()) {
    const rounds: Round[] = []
    const startedAt = Date.now()
    for (let round = 0; round < perf.maxRounds; round++) {
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
      const reports = await callPerfRound(options.pool, {
        testsBundle: options.testsBundle,
        programs,
        programEngines: submissionFirst ? [engines, referenceEngines] : [referenceEngines, engines],
        limits: options.limits,
        engines,
        warmup: { seed: deriveSeed(secretSeed, perfCase.name, round, 'warmup'), size: perf.warmupSize },
        timed: { seed: deriveSeed(secretSeed, perfCase.name, round), size: perfCase.size },
      })
      const [submission, reference] = submissionFirst ? reports : [reports[1], reports[0]]
      if (!submission || !reference) throw new Error('a perf round returned no reports')
      if (submission.status !== 'Accepted') {
        return {
          ok: false,
          status: submission.status,
          message: `${perfCase.name} (size ${perfCase.size}): ${submission.message ?? submission.status}`,
        }
      }
      if (reference.status !== 'Accepted') {
        return {
          ok: false,
          status: 'InternalError',
          message: `The reference solution failed on ${perfCase.name} (${reference.status}: ${reference.message ?? ''}); this is a fault of the challenge, not of your code.`,
        }
      }
      const referenceNs = clockReading(challenge.clock, reference)
      const submissionNs = clockReading(challenge.clock, submission)
      if (referenceNs === undefined || submissionNs === undefined) {
        return {
          ok: false,
          status: 'InternalError',
          message: `The challenge times the trial by ${challenge.clock}, but the run reported no such counter; this is a fault of the challenge, not of your code.`,
        }
      }
      rounds.push({
        referenceNs: Math.max(1, referenceNs),
        submissionNs: Math.max(1, submissionNs),
        submissionCpuNs: submission.cpuNs,
        submissionWallNs: submission.wallNs,
        referencePeak: reference.peakBytes,
        submissionPeak: submission.peakBytes,
        referenceCounters: reference.counters,
        submissionCounters: submission.counters,
        submissionTimeline: submission.timeline,
      })
      if (rounds.length >= perf.minRounds && spreadOf(rounds) <= perf.targetSpread) break
      if (Date.now() - startedAt > perf.budgetMs && rounds.length >= perf.minRounds) break
    }
    const result = summarize(perfCase, rounds)
    cases.push(result)
    largest = {
      cpuNs: median(rounds.map((round) => round.submissionCpuNs)),
      wallNs: median(rounds.map((round) => round.submissionWallNs)),
      peakBytes: result.submission.peakBytes,
    }
    if (result.submission.counters) largest.counters = result.submission.counters
    const timeline = rounds.at(-1)?.submissionTimeline
    if (timeline) largest.timeline = timeline
  }
  const score = geometricMean(cases.map((result) => clamp(result.ratio, 1 / RATIO_CAP, RATIO_CAP)))
  const memoryRatio = geometricMean(cases.map((result) => result.memoryRatio))
  return {
    ok: true,
    perf: { clock: challenge.clock, score, cap: RATIO_CAP, tier: tierOf(score), memoryRatio, cases },
    largest,
  }
}

export function tierOf(score: number): Tier {
  if (score >= GOLD_AT) return 'gold'
  if (score >= SILVER_AT) return 'silver'
  return 'bronze'
}

function ratios(rounds: readonly Round[]): number[] {
  return rounds.map((round) => round.referenceNs / round.submissionNs)
}

function spreadOf(rounds: readonly Round[]): number {
  const values = ratios(rounds)
  const center = median(values)
  const [low, high] = medianInterval(values)
  return (high - low) / 2 / center
}

function summarize(perfCase: { name: string; size: number }, rounds: readonly Round[]): PerfCaseResult {
  const values = ratios(rounds)
  const referencePeak = median(rounds.map((round) => round.referencePeak))
  const submissionPeak = median(rounds.map((round) => round.submissionPeak))
  return {
    name: perfCase.name,
    size: perfCase.size,
    ratio: median(values),
    interval: medianInterval(values),
    spread: spreadOf(rounds),
    rounds: rounds.length,
    submission: withCounters(
      { medianNs: median(rounds.map((round) => round.submissionNs)), peakBytes: submissionPeak },
      medianCounters(rounds.map((round) => round.submissionCounters)),
    ),
    reference: withCounters(
      { medianNs: median(rounds.map((round) => round.referenceNs)), peakBytes: referencePeak },
      medianCounters(rounds.map((round) => round.referenceCounters)),
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

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value))
}

/** The round's time on the challenge's clock, or undefined when an engine counter clock is missing. */
function clockReading(clock: Clock, report: PerfRunReport): number | undefined {
  if (clock === 'cpu') return report.cpuNs
  if (clock === 'wall') return report.wallNs
  return report.counters?.[clock.slice('counter:'.length)]
}
