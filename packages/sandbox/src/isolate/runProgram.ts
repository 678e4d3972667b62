import ivm from 'isolated-vm'
import { CallProfiler, type ProfileCapture } from './callProfiler.ts'
import {
  boundFailure,
  classifyError,
  GuestThrow,
  isIsolateTimeout,
  type PhaseTime,
  waitingFailure,
} from './classifyError.ts'
import { CONSOLE_BOOTSTRAP } from './consoleBootstrap.ts'
import { type CallRecord, GUEST_CALLER_SOURCE } from './guestCaller.ts'
import { GUEST_LOCKDOWN_SOURCE } from './guestLockdown.ts'
import {
  type IsolateExtension,
  type IsolateLimits,
  type IsolateProgram,
  type RunOptions,
  WALL_CEILING_FACTOR,
} from './limits.ts'
import { meteredBytes } from './meteredBytes.ts'
import type { CallMeasurement, ProgramRun, RunOutcome } from './outcome.ts'
import { settledCpuNs } from './settledCpuNs.ts'
import { SourcePositions } from './sourcePositions.ts'
import { markProcessTainted } from './taint.ts'
import {
  busiestRunnableSince,
  mostQueuedSince,
  threadCpuSince,
  threadCpuSnapshot,
  threadQueuedSnapshot,
  threadRunnableSnapshot,
} from './threadCpuClock.ts'

/**
 * Runs a program in a fresh isolate: evaluates its module, then calls its entry once per input, in
 * order, in the same isolate (a warm-up call followed by a timed call, for example). Nothing survives
 * the run: the isolate is disposed at the end, so no state carries over to the next run.
 *
 * Must run in a child process (see ProcessPool): some V8 out-of-memory paths abort the process.
 */
export async function runProgram(
  program: IsolateProgram,
  inputs: readonly unknown[],
  limits: IsolateLimits,
  extensions: readonly IsolateExtension[] = [],
  options: RunOptions = {},
): Promise<ProgramRun> {
  const profiling = options.profile !== undefined
  // The inspector only where a call is profiled: its session stays on the host (callProfiler.ts).
  const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb, ...(profiling ? { inspector: true } : {}) })
  let profiler: CallProfiler | undefined
  let profile: ProfileCapture | undefined
  const positions = new SourcePositions(program.filename, program.sourceMap)
  const consoleChunks: string[] = []
  let consoleBytes = 0
  let hostDroppedBytes = 0
  const outputs: unknown[] = []
  const calls: CallMeasurement[] = []
  let peakBytes = 0
  let wallTimedOut = false
  let cpuTimedOut = false
  let phase = 'starting'
  const startedAt = process.hrtime.bigint()
  // Where the current phase started, to tell a thread that waited from one that computed.
  let phaseWallAt = startedAt
  let phaseProcessCpu = process.cpuUsage()
  let phaseRunnable = threadRunnableSnapshot()
  // The run's CPU by its own clocks when the phase started: the base of the watchdog's second ceiling.
  let phaseUsedNs = 0

  // Timeouts do not cover promises or some long V8 operations; disposing the isolate stops everything.
  // A profiled run's code is stopped, and its inspector session closed, before its isolate is
  // disposed (callProfiler.ts says why); its process is still replaced after the task.
  const stopIsolate = () => {
    if (isolate.isDisposed) return
    const open = profiler
    const inspected = context
    if (!open || !inspected) return isolate.dispose()
    markProcessTainted()
    void open
      .terminate()
      .then(() => open.close(inspected))
      .then(() => {
        if (!isolate.isDisposed) isolate.dispose()
      })
  }
  // The wall limit bounds the time the run was running or waiting for something, not the time it sat
  // queued for a core: on a machine busier than its cores (other gradings, a CI run) the exact
  // reference of column-sums was stopped at its 4 s wall limit mid-call, and its round was blamed on
  // whoever ran before it. A thread blocked on a promise is not queued, so a wait is still stopped at
  // the limit; a starved run is stopped at the ceiling at the latest. The timer runs on this thread:
  // a call made on it (callOnThisThread) keeps the plain wall limit.
  const wallCeilingMs = limits.wallMs * WALL_CEILING_FACTOR
  const queuedBefore = threadQueuedSnapshot()
  const elapsedMs = () => Number(process.hrtime.bigint() - startedAt) / 1e6
  /** Wall time so far less the longest any one thread of this process was queued for a core meanwhile. */
  const awakeMs = () => elapsedMs() - (queuedBefore ? (mostQueuedSince(queuedBefore) ?? 0) / 1e6 : 0)
  const armWallWatchdog = (delayMs: number): NodeJS.Timeout =>
    setTimeout(() => {
      const awake = awakeMs()
      const ceilingLeft = wallCeilingMs - elapsedMs()
      if (awake < limits.wallMs && ceilingLeft >= 1) {
        watchdog = armWallWatchdog(Math.min(limits.wallMs - awake, ceilingLeft) + 1)
        return
      }
      wallTimedOut = true
      stopIsolate()
    }, delayMs)
  let watchdog = armWallWatchdog(limits.wallMs)

  const engineCpuNs = () => extensions.reduce((sum, extension) => sum + (extension.hostCpuNs?.() ?? 0), 0)
  const isolateCpuNs = () => (isolate.isDisposed ? 0 : Number(isolate.cpuTime))
  // While a thread holds the isolate, isolate.cpuTime adds the hold's wall time (settledCpuNs.ts): on
  // a machine busier than its cores, time spent queued for a core. Whatever the isolate and the engines
  // used since the phase began, this process used at least as much CPU: a second ceiling, and the
  // lower of the two is still never below the truth.
  const usedCpuNs = () => {
    const clocksNs = isolateCpuNs() + engineCpuNs()
    const used = process.cpuUsage(phaseProcessCpu)
    return Math.min(clocksNs, phaseUsedNs + (used.user + used.system) * 1000)
  }
  // The CPU limit is held here, not by isolated-vm's `timeout`, which is wall time
  // (laverdet/isolated-vm#108): a call bounded by the CPU it had left was stopped, on a busy machine,
  // before it had used it. The isolate's CPU plus the engines' host work on its behalf count against
  // one limit, code that runs after an await (a getter read while a returned promise's value is
  // materialized) too. It cannot fire while the entry runs on this thread (applySync): that call is
  // bounded by the wall time left, and its CPU checked once it returns.
  let cpuStop: RunOutcome = { status: 'ok' }
  const cpuWatchdog = setInterval(() => {
    if (isolate.isDisposed || cpuTimedOut) return
    if (usedCpuNs() <= limits.cpuMs * 1e6) return
    const used = { isolateNs: isolateCpuNs(), engineNs: engineCpuNs() }
    cpuTimedOut = true
    // isolated-vm's CPU clock read mid-run counts a blocked thread too: the process's CPU tells.
    cpuStop = waitingFailure(phase, phaseTime(), limits.cpuMs) ?? {
      status: 'TimeLimit',
      message: cpuLimitMessage(used),
    }
    stopIsolate()
  }, CPU_WATCHDOG_INTERVAL_MS)
  const cpuLimitMessage = (used: { isolateNs: number; engineNs: number }) => {
    const engineMs = Math.round(used.engineNs / 1e6)
    const split =
      engineMs >= 1
        ? `: ${Math.round(used.isolateNs / 1e6)} ms in your code and ${engineMs} ms of engine work on its behalf`
        : ''
    const activity = extensions.map((extension) => extension.activity?.()).find(Boolean)
    return `Used more than ${limits.cpuMs} ms of CPU time while ${activity ?? phase}${split}.`
  }
  const startPhase = (name: string) => {
    phase = name
    phaseWallAt = process.hrtime.bigint()
    phaseProcessCpu = process.cpuUsage()
    phaseRunnable = threadRunnableSnapshot()
    phaseUsedNs = isolateCpuNs() + engineCpuNs()
  }
  /** Wall time of the current phase, the CPU the whole process used meanwhile, and its busiest thread's runnable time, in ms. */
  const phaseTime = (): PhaseTime => {
    const wallMs = Number(process.hrtime.bigint() - phaseWallAt) / 1e6
    const used = process.cpuUsage(phaseProcessCpu)
    const runnableNs = phaseRunnable && busiestRunnableSince(phaseRunnable)
    return {
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      ...(runnableNs !== undefined && { runnableMs: runnableNs / 1e6 }),
    }
  }

  const samplePeak = () => {
    if (isolate.isDisposed) return
    peakBytes = Math.max(peakBytes, meteredBytes(isolate.getHeapStatisticsSync()))
  }
  const remainingWallMs = () => Math.max(1, Math.ceil(limits.wallMs - elapsedMs()))
  // isolated-vm's own timeout on a call the watchdog above can stop: only the ceiling, as a backstop.
  const remainingCeilingMs = () => Math.max(1, Math.ceil(wallCeilingMs - elapsedMs()))
  const synchronousCalls = extensions.length > 0 && extensions.every((extension) => extension.synchronous)
  const checkCpu = (): RunOutcome | undefined => {
    const used = { isolateNs: isolateCpuNs(), engineNs: engineCpuNs() }
    return used.isolateNs + used.engineNs > limits.cpuMs * 1e6
      ? { status: 'TimeLimit', message: cpuLimitMessage(used) }
      : undefined
  }

  const engineFailure = (): RunOutcome | undefined => {
    for (const extension of extensions) {
      const failure = extension.failure?.()
      if (failure) return failure
    }
    return undefined
  }

  let outcome: RunOutcome = { status: 'ok' }
  let context: ivm.Context | undefined
  try {
    context = await isolate.createContext(profiling ? { inspector: true } : undefined)
    if (options.profile) profiler = await CallProfiler.open(isolate, options.profile.intervalUs)
    const write = new ivm.Callback((text: unknown) => {
      if (typeof text !== 'string') return
      const room = limits.outputBytes - consoleBytes
      if (room <= 0) {
        hostDroppedBytes += text.length
        return
      }
      const kept = text.length > room ? text.slice(0, room) : text
      hostDroppedBytes += text.length - kept.length
      consoleChunks.push(kept)
      consoleBytes += kept.length
    })
    // The platform's own steps (touching the guest's objects: its exports may be a Proxy) are bounded
    // by the run's wall watchdog like the learner's code: a fixed 1 s each failed them on a busy machine
    // (an export list of 200,000 names, load ~16).
    const bootstrap = await context.eval(CONSOLE_BOOTSTRAP, { reference: true })
    await bootstrap.apply(undefined, [write, limits.outputBytes], { timeout: remainingCeilingMs() })
    // Before any engine or learner code: the lockdown, and the caller with the intrinsics it captures.
    await context.eval(GUEST_LOCKDOWN_SOURCE, { timeout: remainingCeilingMs() })
    const makeCaller = await context.eval(GUEST_CALLER_SOURCE, {
      reference: true,
      timeout: remainingCeilingMs(),
    })
    await context.eval('Object.defineProperty(globalThis, "__arena_engines", { value: {} })', {
      timeout: remainingCeilingMs(),
    })
    for (const extension of extensions) {
      phase = `starting the ${extension.name} engine`
      await extension.install({ isolate, context })
    }

    startPhase('evaluating your module')
    const script = await isolate.compileScript(program.code, { filename: program.filename })
    await script.run(context, { timeout: remainingCeilingMs() })
    outcome = engineFailure() ?? checkCpu() ?? { status: 'ok' }

    const entry =
      outcome.status === 'ok'
        ? await context.eval(
            `globalThis[${JSON.stringify(program.globalName)}]?.[${JSON.stringify(program.entry)}]`,
            {
              reference: true,
              timeout: remainingCeilingMs(),
            },
          )
        : undefined
    const caller =
      entry?.typeof === 'function'
        ? await makeCaller.apply(
            undefined,
            [entry.derefInto(), limits.resultBytes, `the value returned by ${program.entry}`],
            { result: { reference: true }, timeout: remainingCeilingMs() },
          )
        : undefined
    if (entry && entry.typeof !== 'function') {
      const exported = await context.eval(
        `Object.keys(globalThis[${JSON.stringify(program.globalName)}] ?? {}).join(', ')`,
        { timeout: remainingCeilingMs(), copy: true },
      )
      outcome = {
        status: 'CompileError',
        message: `Your module must export a function named \`${program.entry}\`; it exports ${exported ? `only: ${exported}` : 'nothing'}.`,
      }
    }
    samplePeak()

    for (let index = 0; caller && outcome.status === 'ok' && index < inputs.length; index++) {
      phase = `calling ${program.entry}`
      // The input is placed in the isolate before the clock starts: copying it is not the learner's time.
      await context.global.set(
        '__arena_input',
        new ivm.ExternalCopy(inputs[index]).copyInto({ release: true }),
      )
      const input = await context.global.get('__arena_input', { reference: true })
      await context.global.delete('__arena_input')

      for (const extension of extensions) extension.beforeCall?.(index)
      startPhase(`calling ${program.entry}`)
      const cpuBefore = await settledCpuNs(isolate)
      // With no engine, the call runs on one of isolated-vm's threads: the kernel's count of that
      // thread's CPU times it (threadCpuClock.ts says why it is preferred to isolate.cpuTime).
      const threadsBefore = extensions.length === 0 ? threadCpuSnapshot() : undefined
      const engineBefore = engineCpuNs()
      const wallBefore = process.hrtime.bigint()
      // The caller awaits and materializes the result inside the call: when it settles, all of the
      // call's work is done and the clocks stop; what is copied next is plain data.
      const profiled = profiler && index === options.profile?.call ? profiler : undefined
      const settled = profiled
        ? await profiledCall(
            profiled,
            context,
            caller,
            input,
            remainingWallMs(),
            options.profile?.cutAfterMs,
            (capture) => {
              profile = capture
            },
          )
        : synchronousCalls
          ? await callOnThisThread(context, caller, input, remainingWallMs())
          : await caller.apply(undefined, [input.derefInto()], {
              timeout: remainingCeilingMs(),
              result: { promise: true, reference: true },
            })
      const wallNs = Number(process.hrtime.bigint() - wallBefore)
      const isolateCallNs = (await settledCpuNs(isolate)) - cpuBefore
      const cpuNs = (threadsBefore && threadCpuSince(threadsBefore)) ?? isolateCallNs
      const callEngineCpuNs = engineCpuNs() - engineBefore
      for (const extension of extensions) extension.afterCall?.(index, { cpuNs, wallNs })
      samplePeak()
      outcome = engineFailure() ?? checkCpu() ?? { status: 'ok' }
      if (outcome.status !== 'ok') break

      const record = (await settled.copy()) as CallRecord
      // Released now, not when the host's garbage collector gets to the handles: until then each
      // call's input and record stayed alive in the isolate, and a run whose inputs together exceeded
      // its memory limit (24 calls of 16 MB under 256 MB) ended MemoryLimit at the 16th call.
      settled.release()
      input.release()
      if (!record.ok) throw new GuestThrow(record.thrown)
      outputs.push(record.value)
      calls.push({ cpuNs, wallNs, engineCpuNs: callEngineCpuNs })
      // The call's own CPU: what of its wall time the profile's samples stand for.
      if (profiled && profile?.ok) profile = { ...profile, cpuNs }
    }
  } catch (error) {
    if (isolate.isDisposed && !wallTimedOut && !cpuTimedOut) markProcessTainted()
    // isolated-vm's timeout is the wall time left: past it, the CPU is said over its limit if it was
    // (read settled: a hold's clock runs on wall time).
    const ranOutOfWall = wallTimedOut || isIsolateTimeout(error)
    const cpuOver =
      ranOutOfWall && !cpuTimedOut && !isolate.isDisposed
        ? await settledCpuNs(isolate).then(() => checkCpu())
        : undefined
    outcome =
      engineFailure() ??
      (cpuTimedOut
        ? cpuStop
        : (cpuOver ??
          classifyError(error, {
            wallTimedOut: ranOutOfWall,
            wallMs: limits.wallMs,
            cpuMs: limits.cpuMs,
            memoryMb: limits.memoryMb,
            isolateDisposed: isolate.isDisposed,
            positions,
            phase,
            phaseTime: phaseTime(),
          })))
  }

  // The watchdogs stay armed through the guest's last reads: work the isolate runs after the calls (a
  // task V8 queued for later runs whenever the isolate next does) is stopped like any other, and is
  // the program's verdict rather than a child held until the pool's deadline.
  let guestDroppedBytes = 0
  let cpuNs = 0
  try {
    if (context && !isolate.isDisposed) guestDroppedBytes = await readGuestDropped(context)
    cpuNs = await settledCpuNs(isolate)
  } finally {
    clearTimeout(watchdog)
    clearInterval(cpuWatchdog)
  }
  if (outcome.status === 'ok' && (cpuTimedOut || wallTimedOut)) {
    outcome = cpuTimedOut
      ? cpuStop
      : {
          status: 'TimeLimit',
          message: `Stopped after ${limits.wallMs} ms of wall time: code kept running after ${program.entry} returned.`,
        }
  }
  const wallNs = Number(process.hrtime.bigint() - startedAt)
  // A call cut short that then ran out of time: the profile taken at the cut is where its time went.
  const cut = outcome.status === 'TimeLimit' ? profiler?.cutShort() : undefined
  if (cut) profile = await cut
  if (context) await profiler?.close(context)
  if (!isolate.isDisposed) isolate.dispose()

  return {
    // Engines' failures and the export list of a CompileError are bounded here like the guest's.
    outcome: outcome.status === 'ok' ? outcome : boundFailure(outcome),
    outputs,
    calls,
    peakBytes,
    cpuNs,
    wallNs,
    console: { text: consoleChunks.join(''), droppedBytes: guestDroppedBytes + hostDroppedBytes },
    // A run that failed has no profile to learn from (its verdict is the trial's business), but for
    // one cut short before it ran out of time.
    ...(options.profile
      ? {
          profile:
            (outcome.status === 'ok' || cut) && profile
              ? profile
              : { ok: false, reason: profileMissing(outcome) },
        }
      : {}),
  }
}

/** The profiled call: its settled reference as any call's; the profile, once read, to `keep`. */
async function profiledCall(
  profiler: CallProfiler,
  context: ivm.Context,
  caller: ivm.Reference,
  input: ivm.Reference,
  timeoutMs: number,
  cutAfterMs: number | undefined,
  keep: (capture: ProfileCapture) => void,
): Promise<ivm.Reference> {
  const { settled, capture } = await profiler.profileCall(context, caller, input, timeoutMs, cutAfterMs)
  keep(await capture)
  return settled
}

/** Why a profiled run has no profile: it ended before its profiled call did. */
function profileMissing(outcome: RunOutcome): string {
  if (outcome.status === 'ok') return 'the profiled call was not reached'
  // The status only: a message can quote the run's (hidden) input.
  return `the profiled run ended with ${outcome.status}`
}

async function readGuestDropped(context: ivm.Context): Promise<number> {
  try {
    const dropped = await context.eval('__arena_console_dropped()', { timeout: 100, copy: true })
    return typeof dropped === 'number' ? dropped : 0
  } catch {
    return 0
  }
}

/** How often the host checks the isolate's CPU plus the engines' host CPU against the limit. */
const CPU_WATCHDOG_INTERVAL_MS = 20

/**
 * Calls the entry with applySync: host callbacks then run without a thread hop. The host's wall
 * watchdog cannot fire while this thread is busy, so the call's own timeout is bounded by the wall
 * time left too. An async entry returns a promise: it is then awaited the usual way.
 */
async function callOnThisThread(
  context: ivm.Context,
  entry: ivm.Reference,
  input: ivm.Reference,
  timeoutMs: number,
): Promise<ivm.Reference> {
  const returned: ivm.Reference = entry.applySync(undefined, [input.derefInto()], {
    timeout: timeoutMs,
    result: { reference: true },
  })
  if (returned.typeof !== 'object') return returned
  // Resolves a promise (and passes anything else through) as the asynchronous call would have.
  try {
    return await context.evalClosure('return $0', [returned.derefInto()], {
      timeout: timeoutMs,
      result: { promise: true, reference: true },
    })
  } finally {
    returned.release()
  }
}
