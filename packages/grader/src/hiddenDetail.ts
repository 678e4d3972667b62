import type { GradeResult, RunMetrics, TestResult, Verdict } from './types.ts'

/**
 * Hidden means hidden. On a hidden or generated test, and in the performance trial (generated inputs
 * too), any text the learner's code controls can carry the input out: a thrown message, a thrown
 * non-Error value, an error's `name`, its stack, console output, an engine's error quoting a name the
 * code chose (a kernel label, a mapreduce function, a file), a checker's words about the output, a
 * timeline label. So the rule, in this one place: for those runs a learner sees
 *
 *   - the verdict and the test's name (both the platform's or the author's),
 *   - the error's type when it is one of the standard ones (else "Error"),
 *   - the line and column in the learner's own file where it was thrown (from the mapped stack),
 *   - the platform's own explanation of a time or memory limit, when it is exactly one of a fixed
 *     list of messages made of fixed words and numbers only (PLATFORM_MESSAGES),
 *
 * and nothing else: no message, no value, no console output, no excerpt, no learner-named label, and
 * no number the code's behaviour sets. A number is a channel too: a wrong answer echoing the input's
 * length, memory allocated in proportion to a value, a busy loop whose duration spells bits, an
 * engine counter the code drives (tasks, records, bytes) all come back exactly in a row's metrics
 * or in a measured figure of a platform message ("X ms in your code", "the process used X ms", "X MB
 * more"). So a hidden or generated row has no metrics, a result's top-level metrics are kept only
 * when they are the performance trial's (or every row is a sample), and a platform message keeps
 * only the limits it names (the challenge's, not the run's). The performance trial's own figures
 * (ratios, medians, counters on its largest case) stay: they are the score the platform exists to
 * give, taken on random data of the challenge's sizes, not on the hidden tests' cases.
 * Samples keep every detail.
 */
export const HIDDEN_DETAIL_RULE =
  'Hidden and generated tests, and the performance trial, show the verdict, the error type and the line of your code only: no messages, values, console output, times or memory.'

/** Types an error may be shown as; any other name (learner-chosen) is shown as "Error". */
const STANDARD_ERROR_TYPES: ReadonlySet<string> = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'EvalError',
  'URIError',
  'AggregateError',
])

const NON_ERROR_THROWN = 'a non-Error value was thrown'

const VERDICT_WORDS: Record<Verdict, string> = {
  Accepted: 'Accepted',
  WrongAnswer: 'Wrong answer',
  TimeLimit: 'Time limit exceeded',
  MemoryLimit: 'Memory limit exceeded',
  RuntimeError: 'Runtime error',
  CompileError: 'Compile error',
  InternalError: 'Internal error',
}

/**
 * Fixed explanations the platform may add after a performance-trial verdict; they quote nothing of
 * either program's run.
 */
export const PERF_EXPLANATIONS = {
  leftWorkBrokeReference:
    'Your code left work running that broke the next program: the reference solution, run right after it in the same process, failed, and passes when run alone. Finish all of your work inside the call (await every gpu.run and tensor read; leave no worker, timer or kernel running).',
  leftWorkBrokeRound:
    'The process that ran your code and the reference solution in turn was stopped; each passes alone, so what your code left behind broke the round.',
  noCounterWork:
    "This challenge times each run by an engine counter (its clock), and your code ran none of the work that counter measures (the reference's run reports it, yours does not), so its speed cannot be compared. Do the work the challenge is about through its engine.",
  internal: 'This is not a verdict on your code: please submit again.',
} as const

const NUMBER = '\\d{1,12}(?:\\.\\d{1,6})?'
/** What the sandbox says it was doing: fixed words and the challenge's entry name, never the learner's. */
const PHASE = '(?:evaluating your module|calling [A-Za-z_$][\\w$]{0,60}|starting the [a-z]{1,20} engine)'
const MEMORY_WHY =
  "(?:the heap filled up|an ArrayBuffer or typed array could not be allocated|a string grew past V8's maximum length \\(about 512 MiB\\))"
const AT_LINE = '(?: \\(line \\d{1,6}, column \\d{1,6}\\))?'

/**
 * Messages the platform writes itself from fixed words and numbers only (limits, times, sizes): they
 * explain a TimeLimit or MemoryLimit and carry nothing the learner's code chose, so a hidden run's
 * verdict may quote them. A message that is not exactly one of these is never shown.
 */
const PLATFORM_MESSAGES: readonly RegExp[] = [
  `Used more than ${NUMBER} ms of CPU time while ${PHASE}(?:: ${NUMBER} ms in your code and ${NUMBER} ms of engine work on its behalf)?\\.`,
  `Used more than ${NUMBER} ms of CPU time while running your code after gpu\\.run\\.`,
  `Used more than ${NUMBER} ms of CPU time after a tensor read\\.`,
  `Stopped after ${NUMBER} ms of wall time while ${PHASE}: an endless loop, or a promise that never settles\\?`,
  `Stopped after ${NUMBER} ms while ${PHASE}: it waited without using the CPU(?: \\(the process used ${NUMBER} ms of CPU meanwhile\\))?, blocked rather than computing\\. The limit is ${NUMBER} ms of CPU time\\.`,
  `Exceeded the memory limit of ${NUMBER} MB while ${PHASE}: ${MEMORY_WHY}\\.${AT_LINE}`,
  `Exceeded the memory limit of ${NUMBER} MB: V8 ran out of memory and the sandbox process was stopped\\.`,
  `Exceeded the memory limit of ${NUMBER} MB: the sandbox process grew past its budget(?: \\(${NUMBER} MB more than when the run started, budget ${NUMBER} MB\\))?, holding memory the isolate's own limit does not count, and was stopped\\.`,
  `Exceeded the memory limit of ${NUMBER} MB: the results of one pool job would not fit in your isolate\\.`,
  `Stopped after ${NUMBER} s: the run did not answer and its process was killed\\.`,
  `A kernel you launched was still running ${NUMBER} s after solve returned: GPU work must end inside the call that starts it \\(await every gpu\\.run and every tensor read before returning\\); work left running would be timed by no clock and would slow the next program\\.`,
].map((pattern) => new RegExp(`^${pattern}$`))

/** `message` when it is one of the platform's own (see PLATFORM_MESSAGES), else undefined. */
export function platformMessage(message: string | undefined): string | undefined {
  if (message === undefined || message.length > 600) return undefined
  return PLATFORM_MESSAGES.some((pattern) => pattern.test(message)) ? message : undefined
}

/**
 * The parts of a platform message that measure the run rather than name a limit: how the CPU time
 * split between the code and the engines, what the process used meanwhile, how far past its budget it
 * grew, where in the code memory ran out (the head already has the throw's line). The code steers
 * each of them, so a hidden run's message leaves them out.
 */
const MEASURED_FIGURES: readonly [RegExp, string][] = [
  [new RegExp(`: ${NUMBER} ms in your code and ${NUMBER} ms of engine work on its behalf\\.$`), '.'],
  [new RegExp(` \\(the process used ${NUMBER} ms of CPU meanwhile\\)`), ''],
  [new RegExp(` \\(${NUMBER} MB more than when the run started, budget ${NUMBER} MB\\)`), ''],
  [/\. \(line \d{1,6}, column \d{1,6}\)$/, '.'],
]

/** A platform message as a hidden run may quote it: its limits, not its measured figures. */
export function hiddenPlatformMessage(message: string | undefined): string | undefined {
  const platform = platformMessage(message)
  if (platform === undefined) return undefined
  return MEASURED_FIGURES.reduce((text, [figure, replacement]) => text.replace(figure, replacement), platform)
}

/** Where a hidden run happened: a test row of that kind, or a case of the performance trial. */
export type HiddenPlace = 'hidden' | 'generated' | 'performance'

export interface HiddenRun {
  status: Verdict
  place: HiddenPlace
  /** The test's or perf case's name (the author's or the platform's, never the learner's). */
  name: string
  /** The run's own message: read for the error's type only, never shown. */
  message?: string
  /** The learner's line and column of the throw; anything but two small whole numbers is dropped. */
  location?: unknown
  explanation?: keyof typeof PERF_EXPLANATIONS
}

/** The whole message a learner gets for a failed hidden run (see the rule above). */
export function hiddenRunMessage(run: HiddenRun): string {
  const type = run.status === 'RuntimeError' ? ` (${errorTypeOf(run.message)})` : ''
  const where =
    run.place === 'performance'
      ? `the performance trial, case "${run.name}"`
      : `${run.place} test "${run.name}"`
  const location = learnerLocation(run.location)
  const at = location ? ` at line ${location.line}, column ${location.column}` : ''
  const head = `${VERDICT_WORDS[run.status]}${type} on ${where}${at}.`
  const explanation = run.explanation ?? (run.status === 'InternalError' ? ('internal' as const) : undefined)
  if (explanation) return `${head} ${PERF_EXPLANATIONS[explanation]}`
  const platform = hiddenPlatformMessage(run.message)
  return platform ? `${head} ${platform}` : head
}

/**
 * The error's type as the sandbox wrote it (`TypeError: ...`, `Threw a non-Error value ...`), if it is
 * a standard one; the learner sets `name` freely, so anything else is "Error".
 */
export function errorTypeOf(message: string | undefined): string {
  if (!message) return 'Error'
  if (message.startsWith('Threw a non-Error value')) return NON_ERROR_THROWN
  const name = /^([A-Za-z]{1,20}): /.exec(message)?.[1]
  return name && STANDARD_ERROR_TYPES.has(name) ? name : 'Error'
}

/**
 * A line and column only when both are whole numbers of a plausible size (0 allowed: a compile error's
 * column may be 0-based): nothing else rides along.
 */
export function learnerLocation(value: unknown): { line: number; column: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { line, column } = value as { line?: unknown; column?: unknown }
  const plausible = (n: unknown): n is number =>
    Number.isInteger(n) && (n as number) >= 0 && (n as number) < 1e6
  return plausible(line) && plausible(column) ? { line, column } : undefined
}

const MESSAGE_HEAD = new RegExp(
  `^(${Object.values(VERDICT_WORDS).join('|')})( \\((${[...STANDARD_ERROR_TYPES, NON_ERROR_THROWN].join('|')})\\))? on (hidden test|generated test|the performance trial, case) "[^\\n]{0,250}"( at line \\d{1,6}, column \\d{1,6})?\\.`,
)

/**
 * The run's own message behind a head hiddenRunMessage wrote (a result stored under an older rule kept
 * a platform message's measured figures after it), so that it is read, and reduced, once more.
 */
function withoutHiddenHead(message: string | undefined): string | undefined {
  const head = message === undefined ? undefined : MESSAGE_HEAD.exec(message)?.[0]
  return head === undefined ? message : message?.slice(head.length).trimStart()
}

/** Whether `message` is one hiddenRunMessage can write (so it carries nothing of the learner's). */
export function isHiddenRunMessage(message: string): boolean {
  const head = MESSAGE_HEAD.exec(message)?.[0]
  if (head === undefined) return false
  const rest = message.slice(head.length)
  if (rest === '') return true
  if (!rest.startsWith(' ')) return false
  const text = rest.slice(1)
  return (
    Object.values(PERF_EXPLANATIONS).some((known) => text === known) || hiddenPlatformMessage(text) === text
  )
}

/**
 * The result with the rule enforced on every part: hidden and generated rows keep their verdict, name,
 * metrics and a hiddenRunMessage only; learner-named timeline labels are replaced wherever a hidden
 * input ran; a headline about a hidden run must be a hiddenRunMessage. grade() writes results this way
 * already; this holds it for any result (a runner of another version, a future code path), and is
 * idempotent.
 */
export function redactHidden(result: GradeResult): GradeResult {
  const tests = result.tests.map(redactHiddenRow)
  const redacted: GradeResult = { ...result, tests }
  if (result.metrics && !measuredOnShownInputs(result)) delete redacted.metrics
  else if (result.mode !== 'samples' && result.metrics) redacted.metrics = anonymousTimeline(result.metrics)
  // Two small whole numbers, nothing riding along (a runner of another version might send anything).
  const location = learnerLocation(result.location)
  if (location) redacted.location = location
  else delete redacted.location
  const message = headlineMessage(result, tests)
  if (message === undefined) delete redacted.message
  else redacted.message = message
  // A Korean headline only ever repeats a sample's check message; about anything else it goes.
  const culprit = tests.find((test) => test.status !== 'Accepted')
  if (culprit?.kind !== 'sample' || message !== result.message) delete redacted.messageKo
  return redacted
}

/** A test row as a learner may see it: samples whole, others reduced to what the rule allows. */
export function redactHiddenRow(row: TestResult): TestResult {
  if (row.kind === 'sample') return row
  const kept: TestResult = { name: row.name, kind: row.kind, status: row.status }
  if (row.status !== 'Accepted') {
    kept.message =
      row.message !== undefined && isHiddenRunMessage(row.message)
        ? row.message
        : hiddenRunMessage({
            status: row.status,
            place: row.kind,
            name: row.name,
            message: withoutHiddenHead(row.message),
          })
  }
  // No metrics: times, memory and counters of a hidden run are numbers the code sets (see the rule).
  return kept
}

/**
 * Whether a result's top-level metrics come from a run a learner may see the figures of: the
 * performance trial's largest case (grade() puts them there only when the trial completed), or a
 * sample (every row is one). Otherwise they are the last or failing hidden or generated test's.
 */
function measuredOnShownInputs(result: GradeResult): boolean {
  return result.perf !== undefined || result.tests.every((test) => test.kind === 'sample')
}

function headlineMessage(result: GradeResult, tests: readonly TestResult[]): string | undefined {
  const { message, status } = result
  if (message === undefined || status === 'Accepted') return message
  const culprit = tests.find((test) => test.status !== 'Accepted')
  if (culprit?.kind === 'sample') return message
  if (isHiddenRunMessage(message)) return message
  if (culprit) return culprit.message
  // No failing row: the source did not compile (no test ran; its message is about the learner's own
  // file), the platform's or the reference's fault, or the performance trial's verdict on the learner.
  if (status === 'CompileError' && result.tests.length === 0) return message
  if (status === 'InternalError') return message
  return hiddenRunMessage({
    status,
    place: 'performance',
    name: 'all cases',
    message: withoutHiddenHead(message),
  })
}

/** Labels the platform writes itself (`map 3`, `reduce 0`) stay; learner-named ones become `task #n`. */
function anonymousTimeline(metrics: RunMetrics): RunMetrics {
  if (!metrics.timeline) return metrics
  return {
    ...metrics,
    timeline: metrics.timeline.map((entry) => ({ ...entry, label: anonymousLabel(entry.label) })),
  }
}

function anonymousLabel(label: string): string {
  if (/^(map|shuffle|reduce|task) \d{1,9}$/.test(label) || /^task #\d{1,9}$/.test(label)) return label
  const index = / #(\d{1,9})$/.exec(label)?.[1]
  return index === undefined ? 'task' : `task #${index}`
}
