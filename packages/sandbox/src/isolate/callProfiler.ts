import ivm from 'isolated-vm'

/** One node of a V8 CPU profile as the inspector's Profiler domain reports it (0-based positions). */
export interface CpuProfileNode {
  id: number
  callFrame: {
    functionName: string
    scriptId: string
    url: string
    lineNumber: number
    columnNumber: number
  }
  hitCount?: number
  children?: number[]
  /** Samples per line of the script (1-based) while this node was on top of the stack. */
  positionTicks?: { line: number; ticks: number }[]
}

/** The inspector's `Profiler.Profile`: times in microseconds. */
export interface CpuProfile {
  nodes: CpuProfileNode[]
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

/** A profile of one call, or why there is none (a profile never changes a run's outcome). */
export type ProfileCapture =
  | {
      ok: true
      profile: CpuProfile
      intervalUs: number
      /** Wall time of the profiled call. */
      wallNs: number
      /** CPU time of the profiled call (runProgram's clock for calls), once the call is measured. */
      cpuNs?: number
      /** The call was still running this long after it started: the profile was taken then (cutAfterMs). */
      cutAfterMs?: number
    }
  | { ok: false; reason: string }

/** How long the inspector may take to answer once the call is over (it answers in microseconds). */
const ANSWER_MS = 5_000

/**
 * A CPU profile of one call of the entry, with line ticks, through isolated-vm's inspector session on
 * the run's own isolate (host-side only: guest code never sees the session, only a one-shot start
 * callback inside a closure). Why not `isolate.startCpuProfiler` (isolated-vm 5.0.x): its nodes carry
 * only each function's first line and it samples every 1 ms, so it cannot say which line of a loop is
 * hot; the Profiler domain gives `positionTicks` and a settable interval on the same V8 profiler.
 *
 * V8's sampler watches the thread that started profiling, and isolated-vm may run each call on a
 * different pool thread: the profiler is started from inside the call (the guest's first act is the
 * start callback, whose message runs as an interrupt on the call's own thread). Code compiled before
 * the start (on-stack-replaced loops above all) is invisible to it, so the profiled call should be the
 * run's first call. Work that runs while the call's thread waits (a host callback, an awaited engine
 * job) is not sampled: the gaps in the samples say how long.
 */
export class CallProfiler {
  private readonly session: ivm.InspectorSession
  private readonly answers = new Map<number, (message: string) => void>()
  private readonly pending = new Map<number, Promise<string>>()
  private nextId = 1
  private cut: Promise<ProfileCapture> | undefined
  private closing: Promise<void> | undefined

  private constructor(
    private readonly isolate: ivm.Isolate,
    readonly intervalUs: number,
  ) {
    this.session = isolate.createInspectorSession()
    this.session.onResponse = (callId, message) => {
      this.answers.get(callId)?.(message)
      this.answers.delete(callId)
    }
    this.session.onNotification = () => {}
  }

  static async open(isolate: ivm.Isolate, intervalUs: number): Promise<CallProfiler> {
    guardAgainstLateSamples()
    const profiler = new CallProfiler(isolate, intervalUs)
    await profiler.send('Profiler.enable')
    await profiler.send('Profiler.setSamplingInterval', { interval: intervalUs })
    return profiler
  }

  /**
   * Calls `caller(input)` asynchronously (never applySync: the start message could not run on this
   * thread while it is busy) with the profiler running for exactly the call, and answers the settled
   * reference as the plain call would, plus the profile.
   */
  async profileCall(
    context: ivm.Context,
    caller: ivm.Reference,
    input: ivm.Reference,
    timeoutMs: number,
    cutAfterMs?: number,
  ): Promise<{ settled: ivm.Reference; capture: Promise<ProfileCapture> }> {
    let started: Promise<string> | undefined
    const start = new ivm.Callback(() => {
      started ??= this.send('Profiler.start')
    })
    const profiled: ivm.Reference = await context.evalClosure(
      "'use strict'; const start = $0; const call = $1; return function arenaProfiledCall(input) { start(); return call(input) }",
      [start, caller.derefInto()],
      { result: { reference: true }, timeout: 1000 },
    )
    const wallBefore = process.hrtime.bigint()
    // The inspector answers between the call's instructions (an interrupt on its thread): a call that
    // never returns still hands over what was sampled so far.
    const cutTimer =
      cutAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            this.cut = this.stop(started, cutAfterMs * 1e6).then((capture) =>
              capture.ok ? { ...capture, cutAfterMs } : capture,
            )
          }, cutAfterMs)
    try {
      const settled = await profiled.apply(undefined, [input.derefInto()], {
        timeout: timeoutMs,
        result: { promise: true, reference: true },
      })
      const wallNs = Number(process.hrtime.bigint() - wallBefore)
      return { settled, capture: this.cut ?? this.stop(started, wallNs) }
    } finally {
      clearTimeout(cutTimer)
      profiled.release()
    }
  }

  /** The profile taken at `cutAfterMs` of a call that ran that long, once the inspector answered. */
  cutShort(): Promise<ProfileCapture> | undefined {
    return this.cut
  }

  /**
   * Resolves once every message sent has been answered (or its answer given up on): an isolate
   * disposed with an inspector message on its queue was seen to crash the process. The inspector
   * answers between the call's instructions, so this waits milliseconds even on a call that loops.
   */
  quiet(): Promise<void> {
    return withTimeout(Promise.all(this.pending.values()).then(() => {})).catch(() => {})
  }

  /**
   * Stops the JavaScript running in the isolate through the inspector (the isolate lives on), and
   * resolves once V8 answered, or gave no answer in time. A watchdog ends a profiled run this way
   * before disposing its isolate: disposing an isolate whose code runs under an open inspector
   * session was seen to hang inside isolated-vm (under load, with code running after an await).
   */
  async terminate(): Promise<void> {
    await this.quiet()
    try {
      await withTimeout(this.send('Runtime.terminateExecution'))
    } catch {}
  }

  /**
   * Ends the session; pending answers are dropped. Resolves once the isolate has run the session's
   * closing task: an isolate disposed with that task still queued was seen to crash the process while
   * freeing it (under load), so a round trip through the isolate's queue comes first. An isolate that
   * is already disposed ended the session itself (isolated-vm disconnects every session as it frees
   * the isolate), and the session is not touched again: disposing it then was seen to hang the process.
   */
  close(context: ivm.Context): Promise<void> {
    // A watchdog and the run's end may both close: the second waits for the first's round trip, so
    // neither disposes the isolate while the session's closing task is still queued.
    this.closing ??= this.closeOnce(context)
    return this.closing
  }

  private async closeOnce(context: ivm.Context): Promise<void> {
    this.answers.clear()
    this.pending.clear()
    if (this.isolate.isDisposed) return
    try {
      this.session.dispose()
      await withTimeout(context.eval('0', { timeout: ANSWER_MS }))
    } catch {}
  }

  private async stop(started: Promise<string> | undefined, wallNs: number): Promise<ProfileCapture> {
    if (!started) return { ok: false, reason: 'the profiler did not start: the call never ran' }
    try {
      await withTimeout(started)
      const answer = JSON.parse(await withTimeout(this.send('Profiler.stop'))) as {
        result?: { profile?: CpuProfile }
        error?: { message?: string }
      }
      const profile = answer.result?.profile
      if (!profile)
        return { ok: false, reason: `the profiler answered no profile (${answer.error?.message})` }
      return { ok: true, profile, intervalUs: this.intervalUs, wallNs }
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) }
    }
  }

  private send(method: string, params: object = {}): Promise<string> {
    // A message to a closed session, or a disposed isolate's, would never be answered.
    if (this.closing || this.isolate.isDisposed)
      return Promise.reject(new Error('the run was stopped before the profiler answered'))
    const id = this.nextId++
    const answered = new Promise<string>((resolve) => this.answers.set(id, resolve))
    this.pending.set(id, answered)
    answered.finally(() => this.pending.delete(id))
    this.session.dispatchProtocolMessage(JSON.stringify({ id, method, params }))
    return answered
  }
}

let lateSamplesGuarded = false

/**
 * V8's sampler signals the profiled thread with SIGPROF; when the last profiler stops, V8 puts back the
 * SIGPROF action it found, and a signal still on its way then meets that action. Node leaves it at the
 * default, which ends the process (a profile round was seen to die so, "stopped (SIGPROF)", under
 * load). A listener makes the action V8 finds, and restores, a harmless one.
 */
function guardAgainstLateSamples(): void {
  if (lateSamplesGuarded) return
  lateSamplesGuarded = true
  process.on('SIGPROF', () => {})
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the profiler did not answer within ${ANSWER_MS} ms`)),
      ANSWER_MS,
    )
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
