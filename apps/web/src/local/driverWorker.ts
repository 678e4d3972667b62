// The local-run driver, a module worker: imports the challenge's sample kit, builds each sample's input
// as the grader does, runs the learner's program in a fresh program worker per run (a new realm, as the
// server uses a fresh isolate), stops a run at the challenge's wall-time limit, and checks the output
// with the challenge's own check through the grader's judgeOutput: the same inputs, checker and messages.
import {
  DATASET_GUEST_SOURCE,
  datasetWorkerSource,
  GPU_GUEST_SOURCE,
  HELPER_PREFIX,
  MAPREDUCE_GUEST_SOURCE,
  mapreduceWorkerSource,
  TENSOR_GUEST_SOURCE,
  workerMemoryMb,
} from '@arena/engines/browser'
import { type CaseSize, type LearnerText, median, splitLearnerText } from '@arena/grader/result'
import { GUEST_LOCKDOWN_SOURCE, MATERIALIZE_SOURCE } from '@arena/sandbox/guest'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { DISCARDED_ROUNDS, MAX_ROUNDS, roundRatio, summarizeTimings, timingDone } from './compareTimings.ts'
import type { PageProgram } from './compileInPage.ts'
import {
  type LocalBackends,
  localBackends,
  needsEngineHost,
  needsWebGpu,
  unsupportedFault,
} from './engineSupport.ts'
import { LOCAL_ENGINE_HOST } from './engines/hostGlobal.ts'
import engineHostUrl from './engines/localEngineHost.ts?worker&url'
import { localMemoryMeter } from './localMemoryMeter.ts'
import { inputFilesContext, outputFilesContext } from './memoryFiles.ts'
import { programRuntime, type RuntimeConfig } from './programRuntime.ts'
import type { Against, LocalRunEvent, LocalRunPreload, LocalRunRequest, LocalTestResult } from './protocol.ts'

interface Kit {
  tests: {
    samples: { name: string }[]
    describe?: (input: unknown) => LearnerText
    generate(seed: number, size: CaseSize, ctx: unknown): unknown
  }
  caseInput(tests: unknown, ref: { kind: 'sample'; index: number }, ctx: unknown): unknown
  judgeOutput(
    tests: unknown,
    input: unknown,
    output: unknown,
    ctx: unknown,
  ): { ok: true } | { ok: false; message: LearnerText; expected?: string; actual?: string }
  excerpt(value: unknown, maxChars?: number): string
  grant: {
    entry: string
    engines: string[]
    /** The challenge's runner kinds (`cpu`, `gpu`): where the tensor engine may run. */
    runners?: string[]
    limits: {
      wallMs: number
      memoryMb: number
      outputKb: number
      workers?: number
      diskMb?: number
      resultMb?: number
      jobResultKb?: number
      jobResultRecords?: number
    }
    /** The challenge's smallest perf case and its warm-up size: what a local timing uses. */
    timing?: { size: CaseSize; warmupSize: CaseSize }
  }
}

// The kit is the instructor's code (untrusted, like the learner's): it runs in this worker, so before any
// kit is imported the worker gives up every way to the network, to the sandbox site's storage, to other
// contexts of that site and to the page, and to fresh globals that have one, on the global and on its
// prototypes (where Chromium keeps `fetch`). What the driver itself needs is kept here first: the
// constructor it starts program workers with, its own line to the page and its request listener.
const ProgramWorker = Worker
const postToPage: (message: LocalRunEvent) => void = globalThis.postMessage.bind(globalThis)
const gpu = (globalThis.navigator as { gpu?: GPU }).gpu
const cores = globalThis.navigator.hardwareConcurrency ?? 1
globalThis.addEventListener('message', (event: MessageEvent<LocalRunRequest | LocalRunPreload>) =>
  onRequest(event),
)
removeEverywhere(globalThis, [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebTransport',
  'EventSource',
  'importScripts',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'indexedDB',
  'caches',
  'postMessage',
  'onmessage',
  'navigator',
])

/** Removes each name from `root` and its prototypes; no local run at all rather than a kit with a way out. */
function removeEverywhere(root: object, names: string[]): void {
  for (const name of names) {
    for (
      let holder: object | null = root;
      holder && holder !== Object.prototype;
      holder = Object.getPrototypeOf(holder)
    ) {
      if (!Object.hasOwn(holder, name)) continue
      try {
        Object.defineProperty(holder, name, { value: undefined, writable: false, configurable: false })
      } catch {
        delete (holder as Record<string, unknown>)[name]
      }
    }
    if ((root as Record<string, unknown>)[name] !== undefined) throw new Error(`cannot remove ${name}`)
  }
}

/** The challenge schema's default `limits.resultMb`, for a kit served before the limit was sent. */
const DEFAULT_RESULT_MB = 256

type RunMessage =
  | {
      type: 'done'
      outputs: unknown[]
      ms: number[]
      console: string
      dropped: number
      files: [string, Uint8Array][]
      /** Which backend the tensor/gpu engines ran on. */
      engineLabel?: string
    }
  | {
      type: 'failed'
      status?: LocalTestResult['status']
      phase?: string
      error: { name: string; message: string; stack: string }
      /** An engine fault's text after the learner's line, where the server puts one (", while …"). */
      suffix?: string
      console: string
      engineLabel?: string
    }

type RunOutcome = RunMessage | { type: 'timeout' } | { type: 'crashed'; message: string }

const SCRIPT_NAME = 'solution.ts.js'

const kits = new Map<string, Promise<Kit>>()
function loadKit(url: string): Promise<Kit> {
  let kit = kits.get(url)
  if (!kit) {
    kit = import(/* @vite-ignore */ url) as Promise<Kit>
    kits.set(url, kit)
  }
  return kit
}

function onRequest(event: MessageEvent<LocalRunRequest | LocalRunPreload>): void {
  if (event.data.type === 'preload') {
    // A failure here shows when the run asks for the kit again.
    loadKit(event.data.kitUrl).catch(() => kits.delete((event.data as LocalRunPreload).kitUrl))
    return
  }
  void start(event.data).catch((error: unknown) => {
    postToPage({ type: 'fault', message: error instanceof Error ? error.message : String(error) })
  })
}

async function start(request: LocalRunRequest): Promise<void> {
  const kit = await loadKit(request.kitUrl)
  const { tests, grant } = kit
  const names = tests.samples.map((sample) => sample.name)
  const backends: LocalBackends = needsWebGpu(grant.engines)
    ? localBackends(grant.engines, grant.runners ?? ['cpu'], await webGpuAdapter())
    : { ok: true }
  if (!backends.ok) {
    postToPage({ type: 'fault', message: unsupportedFault(backends.reason, backends.engine) })
    return
  }
  postToPage({ type: 'started', total: names.length, names })
  const current = programScripts(request.program, grant, backends.tensorBackend)
  const compared = request.compareWith
    ? programScripts(request.compareWith.program, grant, backends.tensorBackend)
    : undefined
  let allPassed = true
  for (const [index, name] of names.entries()) {
    postToPage({ type: 'running', index, name })
    const result = await runSample(kit, index, name, current)
    if (compared && result.status === 'Accepted') {
      const other = await runSample(kit, index, name, compared)
      if (other.status === 'Accepted') result.comparedMs = other.ms
    }
    if (result.status !== 'Accepted') allPassed = false
    postToPage({ type: 'test', index, result })
  }
  if (compared && request.compareWith && allPassed && grant.timing)
    await timeAgainst(kit, grant.timing, current, compared, request.compareWith.against)
  URL.revokeObjectURL(current.main)
  URL.revokeObjectURL(current.pool)
  postToPage({ type: 'done' })
}

interface ProgramScripts {
  main: string
  pool: string
  /** Lines of runtime in front of the learner's script, for mapping stack lines back. */
  lineOffset: number
  map?: TraceMap
  entry: string
}

let adapter: Promise<'none' | 'noAdapter' | 'ok'> | undefined
/** Whether this browser's WebGPU has an adapter here (asked once per driver). */
function webGpuAdapter(): Promise<'none' | 'noAdapter' | 'ok'> {
  adapter ??= gpu
    ? gpu.requestAdapter().then(
        (found) => (found ? 'ok' : 'noAdapter'),
        () => 'noAdapter',
      )
    : Promise.resolve('none')
  return adapter
}

function programScripts(
  program: PageProgram,
  grant: Kit['grant'],
  tensorBackend: 'cpu' | 'gpu' | undefined,
): ProgramScripts {
  // tensor/gpu/mapreduce/dataset: the engines' host script, and the learner's module run only once it is up.
  const hosted = needsEngineHost(grant.engines)
  const base: RuntimeConfig = {
    role: 'main',
    entry: program.entry,
    globalName: program.globalName,
    memoryMb: grant.limits.memoryMb,
    memoryMeter: localMemoryMeter(grant.limits.memoryMb),
    outputBytes: grant.limits.outputKb * 1024,
    engines: grant.engines,
    poolSize: Math.max(1, Math.min(grant.limits.workers ?? 1, cores)),
    workerIndex: 0,
    diskQuotaBytes: (grant.limits.diskMb ?? 0) * 2 ** 20,
    resultBytes: (grant.limits.resultMb ?? DEFAULT_RESULT_MB) * 2 ** 20,
    ...(grant.limits.jobResultKb !== undefined && { jobResultKb: grant.limits.jobResultKb }),
    ...(grant.limits.jobResultRecords !== undefined && { jobResultRecords: grant.limits.jobResultRecords }),
    ...(hosted && {
      hostUrl: new URL(engineHostUrl, self.location.href).href,
      hostGlobal: LOCAL_ENGINE_HOST,
      tensorBackend,
      helperPrefix: HELPER_PREFIX,
    }),
    scriptName: SCRIPT_NAME,
  }
  const dataset = grant.engines.includes('dataset')
  if (dataset) {
    base.dataset = {
      workers: grant.limits.workers ?? 1,
      code: program.code,
      ...(program.sourceMap && { sourceMap: program.sourceMap }),
    }
  }
  // The guests are function expressions (source text, as the isolate evaluates them): no eval here.
  // Both roles get the same guests (the main worker uses `mapreduce`, a pool worker `mapreduceWorker`),
  // so their scripts put the learner's code on the same line and one line offset maps both stacks.
  const mapreduce = grant.engines.includes('mapreduce')
  const workerSource = mapreduce
    ? mapreduceWorkerSource(base.poolSize, 0, program.globalName, base.memoryMb)
    : undefined
  const datasetWorker = dataset
    ? datasetWorkerSource(base.poolSize, 0, base.memoryMb, workerMemoryMb(base.memoryMb, base.poolSize))
    : undefined
  const guests = hosted
    ? `{ tensor: ${grant.engines.includes('tensor') ? TENSOR_GUEST_SOURCE : 'undefined'}, gpu: ${grant.engines.includes('gpu') ? GPU_GUEST_SOURCE : 'undefined'}, mapreduce: ${mapreduce ? MAPREDUCE_GUEST_SOURCE : 'undefined'}, mapreduceWorker: ${workerSource ? `function () {\n${workerSource};\n}` : 'undefined'}, dataset: ${dataset ? DATASET_GUEST_SOURCE : 'undefined'}, datasetWorker: ${datasetWorker ? `function () {\n${datasetWorker};\n}` : 'undefined'} }`
    : '{}'
  // The server sandbox's lockdown and materializer, as source text: the same rules in every worker.
  const guards = `{ lockdown: function () {\n${GUEST_LOCKDOWN_SOURCE}\n}, materialize: ${MATERIALIZE_SOURCE} }`
  const deferred = (config: RuntimeConfig) => hosted && config.role === 'main'
  // A pool worker's script has a blank line where the main one opens `__arena_program`.
  const opening = (config: RuntimeConfig) =>
    deferred(config) ? 'self.__arena_program = function () {\n' : hosted ? '\n' : ''
  const runtime = (config: RuntimeConfig) =>
    `(${programRuntime.toString()})(${JSON.stringify(config)}, ${guests}, ${guards});\n${opening(config)}`
  const ending = (config: RuntimeConfig) =>
    deferred(config)
      ? `\n;return typeof ${program.globalName} === 'undefined' ? undefined : ${program.globalName}\n}`
      : ''
  const script = (config: RuntimeConfig) =>
    URL.createObjectURL(
      new Blob([`${runtime(config)}${program.code}${ending(config)}\n//# sourceURL=${SCRIPT_NAME}\n`], {
        type: 'text/javascript',
      }),
    )
  // JSON has no line breaks: the offset does not depend on the config that carries it.
  const lineOffset = runtime(base).split('\n').length - 1
  base.lineOffset = lineOffset
  return {
    main: script(base),
    pool: script({ ...base, role: 'pool' }),
    lineOffset,
    map: program.sourceMap ? new TraceMap(program.sourceMap) : undefined,
    entry: program.entry,
  }
}

/**
 * Samples are too small to time: the two programs also run on an input of the challenge's smallest
 * perf size, generated here from a seed of each round (nothing secret: the server's perf seeds stay
 * there), the same input for both, each in a fresh worker with an untimed warm-up call first, order
 * alternating, both outputs checked, as the grader's trial does. A first round warms the browser and
 * is not counted; rounds go on until the interval of the median ratio settles (compareTimings.ts).
 * The compared program is the learner's previous run, or the reference once they solved the challenge.
 */
async function timeAgainst(
  kit: Kit,
  timing: { size: CaseSize; warmupSize: CaseSize },
  current: ProgramScripts,
  compared: ProgramScripts,
  against: Against,
): Promise<void> {
  const { size } = timing
  postToPage({ type: 'timing', phase: 'running', against, size, rounds: MAX_ROUNDS })
  const times = { current: [] as number[], compared: [] as number[] }
  const ratios: number[] = []
  const startedAt = performance.now()
  for (let round = 0; ratios.length === 0 || !timingDone(ratios, performance.now() - startedAt); round++) {
    const order = round % 2 === 0 ? (['compared', 'current'] as const) : (['current', 'compared'] as const)
    // One seed per round: both programs get the same input (each its own copy, generated alike).
    const seed = (Math.random() * 2 ** 31) | 0
    const roundMs = { current: 0, compared: 0 }
    for (const which of order) {
      // Each call's input files apart: the program sees the timed one only from its call on (as the grader).
      const warmupFiles = new Map<string, Uint8Array>()
      const files = new Map<string, Uint8Array>()
      const warmup = kit.tests.generate(
        seed ^ 0x5bd1e995,
        timing.warmupSize,
        inputFilesContext(warmupFiles, 'warmup-'),
      )
      const input = kit.tests.generate(seed, size, inputFilesContext(files))
      const scripts = which === 'current' ? current : compared
      const run = await runProgram(scripts, [warmup, input], [warmupFiles, files], kit.grant.limits.wallMs)
      const failure =
        run.type === 'timeout'
          ? `it ran past ${kit.grant.limits.wallMs} ms`
          : run.type === 'crashed'
            ? run.message
            : run.type === 'failed'
              ? (classify(run, scripts, kit.grant.limits.memoryMb).message ?? 'it failed')
              : undefined
      let judged = failure
      if (!judged && run.type === 'done') {
        const produced = new Map(files)
        for (const [file, bytes] of run.files) produced.set(file, bytes)
        const judgement = kit.judgeOutput(kit.tests, input, run.outputs[1], outputFilesContext(produced))
        if (!judgement.ok) judged = splitLearnerText(judgement.message).en
        else roundMs[which] = run.ms[1] ?? 0
      }
      if (judged) {
        const other = against === 'reference' ? 'the reference' : 'your previous run'
        const reason = `${which === 'current' ? 'this run' : other}: ${judged}`
        postToPage({ type: 'timing', phase: 'skipped', against, size, reason })
        return
      }
    }
    if (round < DISCARDED_ROUNDS) continue
    times.current.push(roundMs.current)
    times.compared.push(roundMs.compared)
    ratios.push(roundRatio(roundMs.compared, roundMs.current))
  }
  const summary = summarizeTimings(ratios)
  postToPage({
    type: 'timing',
    phase: 'done',
    against,
    size,
    rounds: summary.rounds,
    currentMs: median(times.current),
    comparedMs: median(times.compared),
    ratio: summary.ratio,
    interval: summary.interval,
    sameSpeed: summary.sameSpeed,
  })
}

async function runSample(
  kit: Kit,
  index: number,
  name: string,
  scripts: ProgramScripts,
): Promise<LocalTestResult> {
  const files = new Map<string, Uint8Array>()
  let input: unknown
  try {
    input = kit.caseInput(kit.tests, { kind: 'sample', index }, inputFilesContext(files))
  } catch (error) {
    return {
      name,
      status: 'InternalError',
      message: `The sample could not be built: ${(error as Error).message}`,
    }
  }
  // tests.ts's words come as msg({ en, ko }) or a plain string: the result carries them as the server's do.
  const shown = splitLearnerText(kit.tests.describe?.(input) ?? kit.excerpt(input))
  const run = await runProgram(scripts, [input], [files], kit.grant.limits.wallMs)
  const base: Pick<LocalTestResult, 'name' | 'input' | 'inputKo' | 'backend'> = {
    name,
    input: shown.en,
    ...(shown.ko === undefined ? {} : { inputKo: shown.ko }),
  }
  if (run.type === 'timeout') {
    return {
      ...base,
      status: 'TimeLimit',
      message: `Stopped after ${kit.grant.limits.wallMs} ms of wall time while calling ${scripts.entry}: an endless loop, or a promise that never settles?`,
    }
  }
  if (run.type === 'crashed') return { ...base, status: 'RuntimeError', message: run.message }
  const output = run.console ? run.console : undefined
  if (run.engineLabel) base.backend = run.engineLabel
  if (run.type === 'failed') return { ...base, output, ...classify(run, scripts, kit.grant.limits.memoryMb) }
  const produced = new Map(files)
  for (const [file, bytes] of run.files) produced.set(file, bytes)
  const judgement = kit.judgeOutput(kit.tests, input, run.outputs[0], outputFilesContext(produced))
  const ms = run.ms[0]
  if (judgement.ok) return { ...base, output, status: 'Accepted', ms }
  const message = splitLearnerText(judgement.message)
  return {
    ...base,
    output,
    ms,
    status: 'WrongAnswer',
    message: message.en,
    ...(message.ko === undefined ? {} : { messageKo: message.ko }),
    expected: judgement.expected,
    actual: judgement.actual,
  }
}

/**
 * One run in a fresh program worker, terminated at the wall-time limit (loops never block the driver).
 * `files[k]`: the input files of call k, which the program sees from that call on.
 */
function runProgram(
  scripts: ProgramScripts,
  inputs: unknown[],
  files: readonly Map<string, Uint8Array>[],
  wallMs: number,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const worker = new ProgramWorker(scripts.main)
    const finish = (outcome: RunOutcome) => {
      clearTimeout(watchdog)
      worker.terminate()
      resolve(outcome)
    }
    const watchdog = setTimeout(() => finish({ type: 'timeout' }), wallMs)
    worker.onmessage = (event: MessageEvent<RunMessage>) => finish(event.data)
    worker.onerror = (event) => {
      event.preventDefault()
      finish({
        type: 'crashed',
        message: `The program's worker stopped: ${event.message || 'no reason given'}`,
      })
    }
    const copies = files.flatMap((ofCall, call) =>
      [...ofCall].map(([name, bytes]) => [name, bytes.slice(), call] as [string, Uint8Array, number]),
    )
    worker.postMessage({ type: 'run', inputs, files: copies, poolUrl: scripts.pool })
  })
}

/** The server's classifyError for what a program worker threw (same statuses, same texts). */
function classify(
  run: Extract<RunMessage, { type: 'failed' }>,
  scripts: ProgramScripts,
  memoryMb: number,
): Pick<LocalTestResult, 'status' | 'message' | 'location'> {
  const { error } = run
  if (run.status) {
    // An engine's fault carries the stack of the learner's call that caused it (a tensor MemoryLimit).
    const location = error.stack ? locate(error.stack, scripts) : undefined
    const suffix = run.suffix ?? ''
    if (!location) return { status: run.status, message: `${error.message}${suffix}` }
    return {
      status: run.status,
      message: `${error.message} (line ${location.line}, column ${location.column})${suffix}`,
      location,
    }
  }
  const phase = run.phase ?? `calling ${scripts.entry}`
  const location = locate(error.stack, scripts)
  const where = location ? ` (line ${location.line}, column ${location.column})` : ''
  const memory = (why: string) => ({
    status: 'MemoryLimit' as const,
    message: `Exceeded the memory limit of ${memoryMb} MB while ${phase}: ${why}.${where ? ` ${where.trim()}` : ''}`,
    location,
  })
  if (error.name === 'RangeError' && /Array buffer allocation failed/.test(error.message)) {
    // The page's meter is lenient (localMemoryMeter.ts): say what it counted, the server is exact.
    return memory(
      'an ArrayBuffer or typed array could not be allocated (Run locally counts typed arrays only and stops a program only far past the limit; the server counts the heap too)',
    )
  }
  if (error.name === 'RangeError' && /Invalid string length/.test(error.message)) {
    return memory("a string grew past V8's maximum length (about 512 MiB)")
  }
  if (!error.name && !error.stack)
    return { status: 'RuntimeError', message: `${error.message} while ${phase}` }
  return { status: 'RuntimeError', message: `${error.name || 'Error'}: ${error.message}${where}`, location }
}

function locate(stack: string, scripts: ProgramScripts): { line: number; column: number } | undefined {
  if (!scripts.map) return undefined
  // The first frame in the learner's part of the script (frames of the runtime in front come first
  // when the error was raised there, e.g. by the memory meter).
  const frames = new RegExp(`${SCRIPT_NAME.replace(/\./g, '\\.')}:(\\d+):(\\d+)`, 'g')
  for (const match of stack.matchAll(frames)) {
    const line = Number(match[1]) - scripts.lineOffset
    if (line < 1) continue
    try {
      const original = originalPositionFor(scripts.map, { line, column: Math.max(0, Number(match[2]) - 1) })
      if (original.line) return { line: original.line, column: (original.column ?? 0) + 1 }
    } catch {
      return undefined
    }
  }
  return undefined
}
