import ivm from 'isolated-vm'
import { classifyError } from './classifyError.ts'
import { CONSOLE_BOOTSTRAP } from './consoleBootstrap.ts'
import type { IsolateExtension, IsolateLimits, IsolateProgram } from './limits.ts'
import { measureValue } from './measureValue.ts'
import type { CallMeasurement, ProgramRun, RunOutcome } from './outcome.ts'
import { SourcePositions } from './sourcePositions.ts'
import { markProcessTainted } from './taint.ts'

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
): Promise<ProgramRun> {
  const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb })
  const positions = new SourcePositions(program.filename, program.sourceMap)
  const consoleChunks: string[] = []
  let consoleBytes = 0
  let hostDroppedBytes = 0
  const outputs: unknown[] = []
  const calls: CallMeasurement[] = []
  let peakBytes = 0
  let wallTimedOut = false
  let phase = 'starting'
  const startedAt = process.hrtime.bigint()

  // Timeouts do not cover promises or some long V8 operations; disposing the isolate stops everything.
  const watchdog = setTimeout(() => {
    wallTimedOut = true
    if (!isolate.isDisposed) isolate.dispose()
  }, limits.wallMs)

  const samplePeak = () => {
    if (isolate.isDisposed) return
    const heap = isolate.getHeapStatisticsSync()
    peakBytes = Math.max(peakBytes, heap.total_heap_size + heap.externally_allocated_size)
  }
  const remainingWallMs = () =>
    Math.max(1, Math.ceil(limits.wallMs - Number(process.hrtime.bigint() - startedAt) / 1e6))
  const synchronousCalls = extensions.length > 0 && extensions.every((extension) => extension.synchronous)
  const remainingCpuMs = () => Math.max(1, Math.ceil(limits.cpuMs - Number(isolate.cpuTime) / 1e6))
  const checkCpu = (): RunOutcome | undefined =>
    Number(isolate.cpuTime) / 1e6 > limits.cpuMs
      ? { status: 'TimeLimit', message: `Used more than ${limits.cpuMs} ms of CPU time while ${phase}.` }
      : undefined

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
    context = await isolate.createContext()
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
    const bootstrap = await context.eval(CONSOLE_BOOTSTRAP, { reference: true })
    await bootstrap.apply(undefined, [write, limits.outputBytes], { timeout: 1000 })
    await context.eval('Object.defineProperty(globalThis, "__arena_engines", { value: {} })', {
      timeout: 1000,
    })
    for (const extension of extensions) {
      phase = `starting the ${extension.name} engine`
      await extension.install({ isolate, context })
    }

    phase = 'evaluating your module'
    const script = await isolate.compileScript(program.code, { filename: program.filename })
    await script.run(context, { timeout: remainingCpuMs() })
    outcome = engineFailure() ?? checkCpu() ?? { status: 'ok' }

    const entry =
      outcome.status === 'ok'
        ? await context.eval(
            `globalThis[${JSON.stringify(program.globalName)}]?.[${JSON.stringify(program.entry)}]`,
            {
              reference: true,
              timeout: 1000,
            },
          )
        : undefined
    if (entry && entry.typeof !== 'function') {
      const exported = await context.eval(
        `Object.keys(globalThis[${JSON.stringify(program.globalName)}] ?? {}).join(', ')`,
        { timeout: 1000, copy: true },
      )
      outcome = {
        status: 'CompileError',
        message: `Your module must export a function named \`${program.entry}\`; it exports ${exported ? `only: ${exported}` : 'nothing'}.`,
      }
    }
    samplePeak()

    for (let index = 0; entry && outcome.status === 'ok' && index < inputs.length; index++) {
      phase = `calling ${program.entry}`
      // The input is placed in the isolate before the clock starts: copying it is not the learner's time.
      await context.global.set(
        '__arena_input',
        new ivm.ExternalCopy(inputs[index]).copyInto({ release: true }),
      )
      const input = await context.global.get('__arena_input', { reference: true })
      await context.global.delete('__arena_input')

      for (const extension of extensions) extension.beforeCall?.(index)
      const cpuBefore = isolate.cpuTime
      const wallBefore = process.hrtime.bigint()
      const result = synchronousCalls
        ? await callOnThisThread(context, entry, input, Math.min(remainingCpuMs(), remainingWallMs()))
        : await entry.apply(undefined, [input.derefInto()], {
            timeout: remainingCpuMs(),
            result: { promise: true, reference: true },
          })
      const wallNs = Number(process.hrtime.bigint() - wallBefore)
      const cpuNs = Number(isolate.cpuTime - cpuBefore)
      for (const extension of extensions) extension.afterCall?.(index, { cpuNs, wallNs })
      samplePeak()
      outcome = engineFailure() ?? checkCpu() ?? { status: 'ok' }
      if (outcome.status !== 'ok') break

      phase = `copying the result of ${program.entry}`
      const output = await result.copy()
      const size = measureValue(output, limits.resultBytes)
      if (size > limits.resultBytes) {
        outcome = {
          status: 'RuntimeError',
          message: `${program.entry} returned more than ${formatBytes(limits.resultBytes)}; the limit for a result is ${formatBytes(limits.resultBytes)}.`,
        }
        break
      }
      outputs.push(output)
      calls.push({ cpuNs, wallNs })
    }
  } catch (error) {
    if (isolate.isDisposed && !wallTimedOut) markProcessTainted()
    outcome =
      engineFailure() ??
      classifyError(error, {
        wallTimedOut,
        wallMs: limits.wallMs,
        cpuMs: limits.cpuMs,
        memoryMb: limits.memoryMb,
        isolateDisposed: isolate.isDisposed,
        positions,
        phase,
      })
  } finally {
    clearTimeout(watchdog)
  }

  let guestDroppedBytes = 0
  if (context && !isolate.isDisposed) {
    guestDroppedBytes = await readGuestDropped(context)
  }
  const cpuNs = isolate.isDisposed ? 0 : Number(isolate.cpuTime)
  const wallNs = Number(process.hrtime.bigint() - startedAt)
  if (!isolate.isDisposed) isolate.dispose()

  return {
    outcome,
    outputs,
    calls,
    peakBytes,
    cpuNs,
    wallNs,
    console: { text: consoleChunks.join(''), droppedBytes: guestDroppedBytes + hostDroppedBytes },
  }
}

async function readGuestDropped(context: ivm.Context): Promise<number> {
  try {
    const dropped = await context.eval('__arena_console_dropped()', { timeout: 100, copy: true })
    return typeof dropped === 'number' ? dropped : 0
  } catch {
    return 0
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(0)} MB` : `${(bytes / 1024).toFixed(0)} KB`
}

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
  return await context.evalClosure('return $0', [returned.derefInto()], {
    timeout: timeoutMs,
    result: { promise: true, reference: true },
  })
}
