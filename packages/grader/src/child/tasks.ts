// Runs in a sandbox child process (see @arena/sandbox ProcessPool): builds inputs with tests.ts in a
// pack-code isolate (packIsolate.ts), runs programs in fresh isolates with the granted engines, and
// checks their outputs in the pack-code isolate, so inputs and outputs (input and output files
// included) never leave the child, and no pack code runs with Node.
import { drainGpu, type EngineCounters, GPU_DRAIN_MS, type TimelineEntry } from '@arena/engines'
import {
  type IsolateLimits,
  type IsolateProgram,
  isProcessTainted,
  markProcessTainted,
  type RunOutcome,
} from '@arena/sandbox'
import { excerpt } from '../authoring/excerpt.ts'
import type { CaseSize } from '../caseSize.ts'
import type { PackCode } from '../packCode.ts'
import type { JobGraphs, Verdict } from '../types.ts'
import type { CaseRef } from './caseInput.ts'
import { generatedInputs } from './inputCache.ts'
import { PackFault, PackIsolate, type PackPlan } from './packIsolate.ts'
import { type EngineGrant, runWithEngines } from './runWithEngines.ts'
import { childScratchRoot, InputFolder, outputReader } from './scratch.ts'

// Sweep what killed children left behind as soon as this child starts.
childScratchRoot()

export interface CaseTask {
  testsBundle: PackCode
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
  /** The check's message in Korean, when tests.ts gave both languages. */
  messageKo?: string
  location?: { line: number; column: number }
  input?: string
  inputKo?: string
  expected?: string
  actual?: string
  output?: string
  cpuNs: number
  wallNs: number
  peakBytes: number
  counters?: EngineCounters
  timeline?: TimelineEntry[]
  /** The challenge's own code failed (its message says so): never the learner's verdict. */
  packFault?: true
}

export async function runCase(task: CaseTask): Promise<CaseReport> {
  const files = new InputFolder()
  let pack: PackIsolate | undefined
  try {
    pack = await packFor(task.testsBundle)
    const tests = pack
    const input = await generatedInputs.input(tests, task.testsBundle, 0, task.ref, files)
    const shownInput = task.detailed ? await tests.describe(0) : undefined
    const report = await runWithEngines(
      task.program,
      [input],
      task.limits,
      task.engines,
      files,
      async (run, dir): Promise<CaseReport> => {
        const call = run.calls[0]
        const base = {
          input: shownInput?.en,
          inputKo: shownInput?.ko,
          output: task.detailed ? consoleText(run.console) : undefined,
          cpuNs: call?.cpuNs ?? run.cpuNs,
          wallNs: call?.wallNs ?? run.wallNs,
          peakBytes: run.peakBytes,
          counters: run.counters,
          timeline: run.timeline,
        }
        if (run.outcome.status !== 'ok') return { ...base, ...failure(run.outcome) }
        const judgement = await tests.judge(0, run.outputs[0], outputReader(dir))
        if (judgement.ok) return { ...base, status: 'Accepted' }
        return {
          ...base,
          status: 'WrongAnswer',
          message: judgement.message,
          messageKo: judgement.messageKo,
          expected: task.detailed ? judgement.expected : undefined,
          actual: task.detailed ? judgement.actual : undefined,
        }
      },
    )
    return await withEnginesQuiet(report, task.engines)
  } catch (error) {
    if (error instanceof PackFault) return packFaultReport(error)
    throw error
  } finally {
    await endTask(pack, 1)
    files.remove()
  }
}

let kept: { key: string; pack: PackIsolate } | undefined

/**
 * The pack-code isolate for a task: the one this child kept for the same bundle and limits (its JIT
 * warm, its top level evaluated once, as the module was once cached per child), or a fresh one. The
 * inputs of a task are released at its end; an isolate that faulted is never used again.
 */
export async function packFor(code: PackCode): Promise<PackIsolate> {
  const key = JSON.stringify(code)
  if (kept?.key === key && kept.pack.usable) {
    kept.pack.beginTask()
    return kept.pack
  }
  kept?.pack.dispose()
  kept = undefined
  const pack = await PackIsolate.open(code)
  kept = { key, pack }
  return pack
}

/** Releases the task's input slots; a pack that cannot (it faulted) is dropped. */
export async function endTask(pack: PackIsolate | undefined, slots: number): Promise<void> {
  if (!pack) return
  try {
    for (let slot = 0; slot < slots && pack.usable; slot++) await pack.release(slot)
  } catch {}
  if (!pack.usable) {
    pack.dispose()
    if (kept?.pack === pack) kept = undefined
  }
}

/** The challenge's case list (names, generated counts and sizes), read in the pack-code isolate. */
export async function packPlan(code: PackCode): Promise<PackPlan | { fault: string }> {
  let pack: PackIsolate | undefined
  try {
    // Kept for the grading's cases that follow in this child.
    pack = await packFor(code)
    return await pack.plan()
  } catch (error) {
    if (error instanceof PackFault) return { fault: error.message }
    throw error
  } finally {
    await endTask(pack, 0)
  }
}

/** How learners see one sample's input on the statement page. */
export interface SampleExcerpt {
  name: string
  input: string
  /** When tests.ts's `describe` gave Korean too. */
  inputKo?: string
  /**
   * The input's values (a bounded rendering) and the start of each input file it names, when that
   * says more than the summary: learners see the data, not only its shape.
   */
  values?: string
}

const SAMPLE_FIELD_CHARS = 400
const SAMPLE_TEXT_HEAD_BYTES = 600
const SAMPLE_BINARY_HEAD_BYTES = 64

/**
 * The values part of a sample's excerpt: each field of the input on its own line (so one long array
 * does not hide the rest), then the start of each input file, as text or, for binary files, hex bytes.
 */
function sampleValues(input: unknown, files: InputFolder, summary: string): string | undefined {
  const fields =
    input && typeof input === 'object' && !Array.isArray(input) && !ArrayBuffer.isView(input)
      ? Object.entries(input)
          .slice(0, 20)
          .map(([key, value]) => `${key}: ${excerpt(value, SAMPLE_FIELD_CHARS)}`)
          .join('\n')
      : excerpt(input, SAMPLE_FIELD_CHARS * 2)
  const heads = files.heads(SAMPLE_TEXT_HEAD_BYTES).map(({ name, head, bytes }) => {
    const text = textOf(head)
    const shown = text ?? hexOf(head.subarray(0, SAMPLE_BINARY_HEAD_BYTES))
    const more = (text === undefined ? Math.min(head.length, SAMPLE_BINARY_HEAD_BYTES) : head.length) < bytes
    return `${name} (${bytes} bytes${text === undefined ? ', binary' : ''})${more ? ', first bytes' : ''}:\n${shown}${more ? ' …' : ''}`
  })
  const values = [fields === summary ? '' : fields, ...heads].filter(Boolean).join('\n\n')
  return values === '' ? undefined : values
}

/** The bytes as UTF-8 text, or undefined when they are not text (control bytes, invalid sequences). */
function textOf(bytes: Uint8Array): string | undefined {
  // A multi-byte character cut at the end of the head is still text.
  const text = new TextDecoder('utf-8').decode(bytes).replace(/\uFFFD{1,3}$/, '')
  for (const char of text) {
    const code = char.charCodeAt(0)
    // Tab, line feed, vertical tab, form feed and carriage return are text; other C0 bytes are not.
    if ((code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0xfffd) return undefined
  }
  return text
}

function hexOf(bytes: Uint8Array): string {
  const lines: string[] = []
  for (let at = 0; at < bytes.length; at += 16)
    lines.push(
      Array.from(bytes.subarray(at, at + 16), (byte) => byte.toString(16).padStart(2, '0')).join(' '),
    )
  return lines.join('\n')
}

/**
 * The sample inputs as the statement page shows them (`describe`, else a short rendering), built in
 * the pack-code isolate: the server asks for them through the pool and never runs pack code itself.
 * A sample whose input cannot be built or shown says so in its place.
 */
export async function packSampleExcerpts(code: PackCode): Promise<SampleExcerpt[] | { fault: string }> {
  let pack: PackIsolate | undefined
  try {
    pack = await PackIsolate.open(code)
    const plan = await pack.plan()
    const excerpts: SampleExcerpt[] = []
    for (const [index, sample] of plan.samples.entries()) {
      const files = new InputFolder()
      try {
        const input = await pack.makeInput(index, { kind: 'sample', index }, files.context(''))
        const text = await pack.describe(index, 300)
        const cut = (shown: string) => (shown.length > 600 ? `${shown.slice(0, 599)}…` : shown)
        const values = sampleValues(input, files, text.en)
        excerpts.push({
          name: sample.name,
          input: cut(text.en),
          ...(text.ko === undefined ? {} : { inputKo: cut(text.ko) }),
          ...(values === undefined ? {} : { values }),
        })
        await pack.release(index)
      } catch (error) {
        if (!(error instanceof PackFault)) throw error
        excerpts.push({ name: sample.name, input: `(this input could not be shown: ${error.message})` })
        // A fault ends the isolate: the next sample gets a fresh one.
        pack.dispose()
        pack = await PackIsolate.open(code)
      } finally {
        files.remove()
      }
    }
    return excerpts
  } catch (error) {
    if (error instanceof PackFault) return { fault: error.message }
    throw error
  } finally {
    pack?.dispose()
  }
}

function packFaultReport(fault: PackFault): CaseReport {
  return {
    status: 'InternalError',
    message: fault.message,
    cpuNs: 0,
    wallNs: 0,
    peakBytes: 0,
    packFault: true,
  }
}

export interface PerfRoundTask {
  testsBundle: PackCode
  /** Run in this order, each in its own fresh isolate, on the same two inputs. */
  programs: IsolateProgram[]
  limits: IsolateLimits
  engines: EngineGrant
  /** Per program (same order as `programs`), when they differ: the one-worker side of a scaling trial. */
  programEngines?: EngineGrant[]
  warmup: { seed: number; size: CaseSize }
  timed: { seed: number; size: CaseSize }
  /**
   * Which of `programs` is the learner's submission: a program that fails after it in this process
   * may have inherited what it left behind, so the process is replaced (see runPerfRound).
   */
  submissionIndex?: number
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
  /** The timed call's jobs, from an engine that plans stages (dataset). */
  jobGraphs?: JobGraphs
  /** Not run: a program before it in the round failed (its report is the round's verdict). */
  notRun?: true
  /** The challenge's own code failed (generate or check): the round's verdict, never the learner's. */
  packFault?: true
}

/**
 * One round of the performance trial: per program, a fresh isolate, an untimed warm-up call on a small
 * input (so the JIT has run), then the timed call. Both outputs are checked: a fast wrong answer scores
 * nothing.
 */
export async function runPerfRound(task: PerfRoundTask): Promise<PerfRunReport[]> {
  // Both programs read the same input files, linked read-only into each run's own folder.
  const files = new InputFolder()
  let pack: PackIsolate | undefined
  try {
    pack = await packFor(task.testsBundle)
    const tests = pack
    const warmupInput = await tests.makeInput(
      0,
      { kind: 'generated', ...task.warmup },
      files.context('warmup-'),
    )
    const timedInput = await tests.makeInput(1, { kind: 'generated', ...task.timed }, files.context(''))
    const reports: PerfRunReport[] = []
    let submissionRan = false
    for (const [index, program] of task.programs.entries()) {
      const isSubmission = index === task.submissionIndex
      const ran = await runWithEngines(
        program,
        [warmupInput, timedInput],
        task.limits,
        task.programEngines?.[index] ?? task.engines,
        files,
        async (run, dir): Promise<PerfRunReport> => {
          const timed = run.calls[1]
          const measured = {
            cpuNs: timed?.cpuNs ?? 0,
            wallNs: timed?.wallNs ?? 0,
            peakBytes: run.peakBytes,
            counters: run.counters,
            timeline: run.timeline,
            jobGraphs: run.jobGraphs,
          }
          if (run.outcome.status !== 'ok') return { ...measured, ...failure(run.outcome) }
          const outputs = outputReader(dir)
          let wrong = await tests.judge(0, run.outputs[0], outputs)
          if (wrong.ok) wrong = await tests.judge(1, run.outputs[1], outputs)
          return !wrong.ok
            ? {
                ...measured,
                status: 'WrongAnswer',
                message: `Wrong answer in the performance trial: ${wrong.message}`,
              }
            : { ...measured, status: 'Accepted' }
        },
      )
      const report = await withEnginesQuiet(ran, task.programEngines?.[index] ?? task.engines)
      reports.push(report)
      if (isSubmission) submissionRan = true
      if (report.status === 'Accepted') continue
      // A program that failed after the submission ran here may have inherited its leftovers: this
      // process is replaced, so the trial's rerun of that program alone gets a clean one.
      if (!isSubmission && submissionRan) markProcessTainted()
      // The first failure ends the round (the trial ends on it): in particular the reference never runs
      // in a process the failed submission may have left in any state (kernels, workers, memory), and
      // the submission is never run, and blamed, after a failed reference.
      for (let rest = index + 1; rest < task.programs.length; rest++) reports.push(notRunReport())
      return reports
    }
    return reports
  } catch (error) {
    if (!(error instanceof PackFault)) throw error
    // The challenge's generate or check failed: the round's one verdict, for every program.
    const report = packFaultReport(error)
    return task.programs.map(() => report)
  } finally {
    await endTask(pack, 2)
    files.remove()
  }
}

/**
 * After a program's run and before anything else runs in this process: the engines' work must be
 * over. GPU work still running (a kernel launched without awaiting it, endless or not) is waited for
 * a bounded time; if it does not finish, the program that left it gets the verdict, and this process
 * (whose device cannot be stopped) is replaced after the task.
 */
async function withEnginesQuiet<T extends { status: Verdict; message?: string }>(
  report: T,
  grant: EngineGrant,
): Promise<T> {
  if (!grant.names.some((name) => name === 'gpu' || name === 'tensor')) return report
  const judged = report.status === 'Accepted' || report.status === 'WrongAnswer'
  // Already failed, in a process already to be replaced (e.g. an endless kernel's TimeLimit): nothing
  // more runs here, and the verdict stands; waiting would only hold the runner.
  if (!judged && isProcessTainted()) return report
  if ((await drainGpu()) === 'idle') return report
  markProcessTainted()
  if (!judged) return report
  return {
    ...report,
    status: 'RuntimeError',
    message: `A kernel you launched was still running ${GPU_DRAIN_MS / 1000} s after solve returned: GPU work must end inside the call that starts it (await every gpu.run and every tensor read before returning); work left running would be timed by no clock and would slow the next program.`,
  }
}

function notRunReport(): PerfRunReport {
  return {
    status: 'InternalError',
    message: 'Not run: a program before it in this round failed.',
    cpuNs: 0,
    wallNs: 0,
    peakBytes: 0,
    notRun: true,
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
