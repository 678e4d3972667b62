import { reboundJobGraphs } from './boundJobGraphs.ts'
import { boundProfile } from './profile/boundProfile.ts'
import type { GradeResult, RunMetrics, TestResult } from './types.ts'

/**
 * Ceilings on every part of a GradeResult that learner or instructor code can make grow: messages,
 * excerpts, console output, test rows, counters and timelines. The sandbox already bounds what
 * crosses out of an isolate; these hold end to end whatever produced the text (a checker's message, an
 * instructor's `describe`, an engine's error), so a result stays a few hundred KB on its way through
 * runner, queue, database and page.
 */
export const RESULT_BOUNDS = {
  /** The headline message and each test's message. */
  messageChars: 2_000,
  /** A sample's input / expected / actual excerpts. */
  excerptChars: 4_000,
  /** Captured console text of one test (the challenge's outputKb is usually far below). */
  outputChars: 64 * 1024,
  testName: 200,
  /** Test rows kept; the rest are summed up in one row. */
  tests: 500,
  counters: 64,
  counterName: 64,
  timelineEntries: 4_000,
} as const

/** The same result with every unbounded part cut to its ceiling, each cut said in place. */
export function boundResult(result: GradeResult): GradeResult {
  const bounded: GradeResult = {
    ...result,
    message: cut(result.message, RESULT_BOUNDS.messageChars),
    messageKo: cut(result.messageKo, RESULT_BOUNDS.messageChars),
    tests: boundTests(result.tests),
    metrics: result.metrics && boundMetrics(result.metrics),
    // Its own ceilings (frames, hot lines, 64 KB a side): profile/summarizeProfile.ts.
    profile: result.profile && boundProfile(result.profile),
  }
  if (result.perf) {
    bounded.perf = {
      ...result.perf,
      cases: result.perf.cases.map((perfCase) => ({
        ...perfCase,
        name: cut(perfCase.name, RESULT_BOUNDS.testName) as string,
        submission: dropUndefined({
          ...perfCase.submission,
          counters: boundCounters(perfCase.submission.counters),
          // Its own ceilings (jobs, stages, labels): boundJobGraphs.ts.
          jobGraphs: perfCase.submission.jobGraphs && reboundJobGraphs(perfCase.submission.jobGraphs),
        }),
        reference: dropUndefined({
          ...perfCase.reference,
          counters: boundCounters(perfCase.reference.counters),
          jobGraphs: perfCase.reference.jobGraphs && reboundJobGraphs(perfCase.reference.jobGraphs),
        }),
      })),
    }
  }
  return dropUndefined(bounded)
}

/** Cuts text to `max` characters, saying how much was left out. */
export function cut(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text
  return `${text.slice(0, max)}… (${text.length - max} more characters not shown)`
}

function boundTests(tests: readonly TestResult[]): TestResult[] {
  const kept = tests.slice(0, RESULT_BOUNDS.tests).map(boundTest)
  const left = tests.slice(RESULT_BOUNDS.tests)
  if (left.length === 0) return kept
  const failing = left.find((test) => test.status !== 'Accepted')
  return [
    ...kept,
    {
      name: `${left.length} more tests`,
      kind: left[0]?.kind ?? 'generated',
      status: failing?.status ?? 'Accepted',
      message: `${left.length} more test rows are not listed.`,
    },
  ]
}

function boundTest(test: TestResult): TestResult {
  return dropUndefined({
    ...test,
    name: cut(test.name, RESULT_BOUNDS.testName) as string,
    message: cut(test.message, RESULT_BOUNDS.messageChars),
    messageKo: cut(test.messageKo, RESULT_BOUNDS.messageChars),
    input: cut(test.input, RESULT_BOUNDS.excerptChars),
    inputKo: cut(test.inputKo, RESULT_BOUNDS.excerptChars),
    expected: cut(test.expected, RESULT_BOUNDS.excerptChars),
    actual: cut(test.actual, RESULT_BOUNDS.excerptChars),
    output: cut(test.output, RESULT_BOUNDS.outputChars),
    metrics: test.metrics && boundMetrics(test.metrics),
  })
}

function boundMetrics(metrics: RunMetrics): RunMetrics {
  return dropUndefined({
    ...metrics,
    counters: boundCounters(metrics.counters),
    timeline: metrics.timeline
      ?.slice(0, RESULT_BOUNDS.timelineEntries)
      .map((entry) => ({ ...entry, label: cut(entry.label, RESULT_BOUNDS.testName) as string })),
  })
}

/**
 * At most RESULT_BOUNDS.counters. Past the cap, run-wide totals (names without a digit: `shuffleBytes`,
 * `partitionSkew`) are kept before numbered breakdowns (`worker3BusyNs`, `stage12Tasks`), which an
 * engine may emit by the dozen and which follow the totals only for some engines: cutting in emission
 * order lost the dataset engine's skew to its per-stage copies (those travel in `jobGraphs` now).
 */
function boundCounters(counters: Record<string, number> | undefined): Record<string, number> | undefined {
  if (!counters) return undefined
  const entries = Object.entries(counters).filter(
    ([name, value]) => name.length <= RESULT_BOUNDS.counterName && typeof value === 'number',
  )
  if (entries.length <= RESULT_BOUNDS.counters) return Object.fromEntries(entries)
  const numbered = ([name]: [string, number]) => /\d/.test(name)
  const kept = [...entries.filter((entry) => !numbered(entry)), ...entries.filter(numbered)]
  return Object.fromEntries(kept.slice(0, RESULT_BOUNDS.counters))
}

/** Optional fields stay absent rather than present-and-undefined, as the rest of the result has them. */
function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key]
  }
  return value
}
