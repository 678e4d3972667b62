import type { NewTestResult, StoredOutcome } from '@arena/db'
import { boundResult, type GradeResult, type PerfResult, redactHidden } from '@arena/grader'
import type { GradeJobPayload, JobInfo } from '@arena/queue'

/** A finished job in the shape the database stores: its GradeResult, or an InternalError for a failure. */
export function storedOutcome(
  job: JobInfo<GradeJobPayload, GradeResult>,
  defaultRunnerClass: string,
): StoredOutcome {
  const finishedAt = job.finishedAt ?? new Date()
  // Bounded and held to the hidden-detail rule again here: a runner of another version (a fleet
  // mid-upgrade) may not bound its results, or may quote a hidden run's messages.
  const result = job.state === 'completed' && job.result ? redactHidden(boundResult(job.result)) : null
  if (!result) {
    return {
      verdict: 'InternalError',
      message: `The submission could not be graded: ${job.error ?? 'the runner gave no result'} Submit it again; if it keeps happening, tell your instructor.`,
      location: null,
      tier: null,
      score: null,
      runnerClass: job.runnerClass ?? defaultRunnerClass,
      attempt: job.attempt,
      startedAt: job.claimedAt,
      finishedAt,
      result: null,
      tests: [],
      metrics: null,
    }
  }
  const tests: NewTestResult[] = result.tests.map((test) => ({
    name: test.name,
    kind: test.kind,
    status: test.status,
    message: test.message ?? null,
    input: test.input ?? null,
    expected: test.expected ?? null,
    actual: test.actual ?? null,
    output: test.output ?? null,
    cpuNs: test.metrics?.cpuNs ?? null,
    wallNs: test.metrics?.wallNs ?? null,
    peakBytes: test.metrics?.peakBytes ?? null,
  }))
  const perf = result.perf
  const interval = perf ? scoreInterval(perf) : null
  return {
    verdict: result.status,
    message: result.message ?? null,
    location: result.location ?? null,
    tier: result.tier ?? null,
    score: perf?.score ?? null,
    runnerClass: result.runner.class,
    attempt: job.attempt,
    startedAt: job.claimedAt,
    finishedAt,
    result: result as unknown as Record<string, unknown>,
    tests,
    metrics:
      result.metrics || perf
        ? {
            cpuNs: result.metrics?.cpuNs ?? null,
            wallNs: result.metrics?.wallNs ?? null,
            peakBytes: result.metrics?.peakBytes ?? null,
            perfRatio: perf?.score ?? null,
            perfLow: interval?.[0] ?? null,
            perfHigh: interval?.[1] ?? null,
            memoryRatio: perf?.memoryRatio ?? null,
            spread: perf ? Math.max(...perf.cases.map((perfCase) => perfCase.spread)) : null,
            rounds: perf ? perf.cases.reduce((sum, perfCase) => sum + perfCase.rounds, 0) : null,
            clock: perf?.clock ?? null,
            cap: perf?.cap ?? null,
            cases: perf?.cases ?? null,
          }
        : null,
  }
}

/**
 * The interval of the overall score: the score is the geometric mean of the capped per-case ratios,
 * so its ends are the same mean over the per-case interval ends (a conservative range: it assumes the
 * cases err in the same direction).
 */
export function scoreInterval(perf: PerfResult): [number, number] | null {
  // An unscored trial (a GPU challenge on a software GPU) has times but no score to bound.
  if (perf.score === undefined) return null
  const cap = perf.cap > 0 ? perf.cap : Number.POSITIVE_INFINITY
  const clamp = (ratio: number) => Math.min(cap, Math.max(1 / cap, ratio))
  const mean = (values: number[]) =>
    Math.exp(values.reduce((sum, value) => sum + Math.log(clamp(value)), 0) / Math.max(1, values.length))
  if (perf.cases.length === 0) return [perf.score, perf.score]
  return [mean(perf.cases.map((c) => c.interval[0])), mean(perf.cases.map((c) => c.interval[1]))]
}
