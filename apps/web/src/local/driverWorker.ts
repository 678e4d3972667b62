// The local-run driver, a module worker: imports the challenge's sample kit, builds each sample's input
// as the grader does, runs the learner's program in a fresh program worker per run (a new realm, as the
// server uses a fresh isolate), stops a run at the challenge's wall-time limit, and checks the output
// with the challenge's own check through the grader's judgeOutput: the same inputs, checker and messages.
import {
  GPU_GUEST_SOURCE,
  HELPER_PREFIX,
  MAPREDUCE_GUEST_SOURCE,
  mapreduceWorkerSource,
  TENSOR_GUEST_SOURCE,
} from '@arena/engines/browser'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
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
import { inputFilesContext, outputFilesContext } from './memoryFiles.ts'
import { programRuntime, type RuntimeConfig } from './programRuntime.ts'
import type { Against, LocalRunEvent, LocalRunPreload, LocalRunRequest, LocalTestResult } from './protocol.ts'

interface Kit {
  tests: {
    samples: { name: string }[]
    describe?: (input: unknown) => string
    generate(seed: number, size: number, ctx: unknown): unknown
  }
  caseInput(tests: unknown, ref: { kind: 'sample'; index: number }, ctx: unknown): unknown
  judgeOutput(
    tests: unknown,
    input: unknown,
    output: unknown,
    ctx: unknown,
  ): { ok: true } | { ok: false; message: string; expected?: string; actual?: string }
  excerpt(value: unknown, maxChars?: number): string
  grant: {
    entry: string
    engines: string[]
    /** The challenge's runner kinds (`cpu`, `gpu`): where the tensor engine may run. */
    runners?: string[]
    limits: { wallMs: number; memoryMb: number; outputKb: number; workers?: number; diskMb?: number }
    /** The challenge's smallest perf case and its warm-up size: what a local timing uses. */
    timing?: { size: number; warmupSize: number }
  }
}

/** Rounds of the compared and the current program on one generated input, order alternating. */
const TIMING_ROUNDS = 3

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

const scope = globalThis as unknown as {
  postMessage(message: LocalRunEvent): void
  onmessage: ((event: MessageEvent<LocalRunRequest | LocalRunPreload>) => void) | null
  navigator: { hardwareConcurrency?: number }
}
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

scope.onmessage = (event) => {
  if (event.data.type === 'preload') {
    // A failure here shows when the run asks for the kit again.
    loadKit(event.data.kitUrl).catch(() => kits.delete((event.data as LocalRunPreload).kitUrl))
    return
  }
  void start(event.data).catch((error: unknown) => {
    scope.postMessage({ type: 'fault', message: error instanceof Error ? error.message : String(error) })
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
    scope.postMessage({ type: 'fault', message: unsupportedFault(backends.reason, backends.engine) })
    return
  }
  scope.postMessage({ type: 'started', total: names.length, names })
  const current = programScripts(request.program, grant, backends.tensorBackend)
  const compared = request.compareWith
    ? programScripts(request.compareWith.program, grant, backends.tensorBackend)
    : undefined
  let allPassed = true
  for (const [index, name] of names.entries()) {
    scope.postMessage({ type: 'running', index, name })
    const result = await runSample(kit, index, name, current)
    if (compared && result.status === 'Accepted') {
      const other = await runSample(kit, index, name, compared)
      if (other.status === 'Accepted') result.comparedMs = other.ms
    }
    if (result.status !== 'Accepted') allPassed = false
    scope.postMessage({ type: 'test', index, result })
  }
  if (compared && request.compareWith && allPassed && grant.timing)
    await timeAgainst(kit, grant.timing, current, compared, request.compareWith.against)
  URL.revokeObjectURL(current.main)
  URL.revokeObjectURL(current.pool)
  scope.postMessage({ type: 'done' })
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
  const gpu = (scope.navigator as { gpu?: GPU }).gpu
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
  // tensor/gpu/mapreduce: the engines' host script, and the learner's module run only once it is up.
  const hosted = needsEngineHost(grant.engines)
  const base: RuntimeConfig = {
    role: 'main',
    entry: program.entry,
    globalName: program.globalName,
    memoryMb: grant.limits.memoryMb,
    outputBytes: grant.limits.outputKb * 1024,
    engines: grant.engines,
    poolSize: Math.max(1, Math.min(grant.limits.workers ?? 1, scope.navigator.hardwareConcurrency ?? 1)),
    workerIndex: 0,
    diskQuotaBytes: (grant.limits.diskMb ?? 0) * 2 ** 20,
    ...(hosted && {
      hostUrl: new URL(engineHostUrl, self.location.href).href,
      hostGlobal: LOCAL_ENGINE_HOST,
      tensorBackend,
      helperPrefix: HELPER_PREFIX,
    }),
  }
  // The guests are function expressions (source text, as the isolate evaluates them): no eval here.
  // Both roles get the same guests (the main worker uses `mapreduce`, a pool worker `mapreduceWorker`),
  // so their scripts put the learner's code on the same line and one line offset maps both stacks.
  const mapreduce = grant.engines.includes('mapreduce')
  const workerSource = mapreduce
    ? mapreduceWorkerSource(base.poolSize, 0, program.globalName, base.memoryMb)
    : undefined
  const guests = hosted
    ? `{ tensor: ${grant.engines.includes('tensor') ? TENSOR_GUEST_SOURCE : 'undefined'}, gpu: ${grant.engines.includes('gpu') ? GPU_GUEST_SOURCE : 'undefined'}, mapreduce: ${mapreduce ? MAPREDUCE_GUEST_SOURCE : 'undefined'}, mapreduceWorker: ${workerSource ? `function () {\n${workerSource};\n}` : 'undefined'} }`
    : '{}'
  const deferred = (config: RuntimeConfig) => hosted && config.role === 'main'
  // A pool worker's script has a blank line where the main one opens `__arena_program`.
  const opening = (config: RuntimeConfig) =>
    deferred(config) ? 'self.__arena_program = function () {\n' : hosted ? '\n' : ''
  const runtime = (config: RuntimeConfig) =>
    `(${programRuntime.toString()})(${JSON.stringify(config)}, ${guests});\n${opening(config)}`
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
  return {
    main: script(base),
    pool: script({ ...base, role: 'pool' }),
    lineOffset: runtime(base).split('\n').length - 1,
    map: program.sourceMap ? new TraceMap(program.sourceMap) : undefined,
    entry: program.entry,
  }
}

/**
 * Samples are too small to time: the two programs also run on an input of the challenge's smallest
 * perf size, generated here from a seed of this run (nothing secret: the server's perf seeds stay
 * there), each in a fresh worker with an untimed warm-up call first, order alternating, both outputs
 * checked. Ratio = median compared / median current. The compared program is the learner's previous
 * run, or the reference once they solved the challenge (the grader's own comparison, on this machine).
 */
async function timeAgainst(
  kit: Kit,
  timing: { size: number; warmupSize: number },
  current: ProgramScripts,
  compared: ProgramScripts,
  against: Against,
): Promise<void> {
  const { size } = timing
  scope.postMessage({ type: 'timing', phase: 'running', against, size, rounds: TIMING_ROUNDS })
  const times = { current: [] as number[], compared: [] as number[] }
  for (let round = 0; round < TIMING_ROUNDS; round++) {
    const order = round % 2 === 0 ? (['compared', 'current'] as const) : (['current', 'compared'] as const)
    for (const which of order) {
      const files = new Map<string, Uint8Array>()
      const seed = (Math.random() * 2 ** 31) | 0
      const warmup = kit.tests.generate(
        seed ^ 0x5bd1e995,
        timing.warmupSize,
        inputFilesContext(files, 'warmup-'),
      )
      const input = kit.tests.generate(seed, size, inputFilesContext(files))
      const scripts = which === 'current' ? current : compared
      const run = await runProgram(scripts, [warmup, input], files, kit.grant.limits.wallMs)
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
        if (!judgement.ok) judged = judgement.message
        else times[which].push(run.ms[1] ?? 0)
      }
      if (judged) {
        const other = against === 'reference' ? 'the reference' : 'your previous run'
        const reason = `${which === 'current' ? 'this run' : other}: ${judged}`
        scope.postMessage({ type: 'timing', phase: 'skipped', against, size, reason })
        return
      }
    }
  }
  scope.postMessage({
    type: 'timing',
    phase: 'done',
    against,
    size,
    rounds: TIMING_ROUNDS,
    currentMs: median(times.current),
    comparedMs: median(times.compared),
  })
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
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
  const shown = kit.tests.describe?.(input) ?? kit.excerpt(input)
  const run = await runProgram(scripts, [input], files, kit.grant.limits.wallMs)
  const base: Pick<LocalTestResult, 'name' | 'input' | 'backend'> = { name, input: shown }
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
  return {
    ...base,
    output,
    ms,
    status: 'WrongAnswer',
    message: judgement.message,
    expected: judgement.expected,
    actual: judgement.actual,
  }
}

/** One run in a fresh program worker, terminated at the wall-time limit (loops never block the driver). */
function runProgram(
  scripts: ProgramScripts,
  inputs: unknown[],
  files: Map<string, Uint8Array>,
  wallMs: number,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(scripts.main)
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
    const copies = [...files].map(([name, bytes]) => [name, bytes.slice()] as [string, Uint8Array])
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
    return memory('an ArrayBuffer or typed array could not be allocated')
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
