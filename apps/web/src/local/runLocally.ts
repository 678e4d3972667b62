import type { PageProgram } from './compileInPage.ts'
import { type LocalDriver, startLocalDriver } from './localDriver.ts'
import type { Comparison, LocalRunEvent, LocalRunRequest } from './protocol.ts'

export interface LocalRunHandle {
  /** Stops the run now (the page's Stop button, or leaving the page). */
  stop(): void
  /** Whether the run has a process of its own (the sandbox frame); known once it started. */
  readonly isolated: boolean
  done: Promise<void>
}

/** Slack on top of the challenge's wall limit before the page gives up on a silent driver. */
const DRIVER_SLACK_MS = 10_000

/**
 * Runs the samples in a driver (see driverWorker.ts), in the sandbox frame's process where the server
 * names a sandbox origin (localDriver.ts). The driver stops each program at the challenge's wall limit
 * itself; the page watches the driver too, so a driver that stopped answering is ended and the page
 * stays responsive, and a sandbox whose process died (a heap exhausted by plain arrays, which nothing
 * in the page can meter) ends the sample that was running with a MemoryLimit.
 */
export function runLocally(options: {
  /** A driver started ahead by `startLocalDriver` (saves the frame, the worker start and the kit import). */
  driver?: LocalDriver
  kitUrl: string
  program: PageProgram
  compareWith?: Comparison
  wallMs: number
  memoryMb: number
  onEvent: (event: LocalRunEvent) => void
}): LocalRunHandle {
  const spare = options.driver && !options.driver.failure ? options.driver : undefined
  if (options.driver && !spare) options.driver.terminate()
  const driver = spare ?? startLocalDriver(options.kitUrl)
  let finished = false
  let running: { index: number; name: string } | undefined
  let resolveDone: () => void = () => undefined
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve
  })
  // Each program run may take wallMs, and the compared program's run as much again.
  const silenceMs = 2 * options.wallMs + DRIVER_SLACK_MS
  let watchdog = setTimeout(() => fail('silent'), silenceMs)
  const finish = () => {
    if (finished) return
    finished = true
    clearTimeout(watchdog)
    driver.terminate()
    resolveDone()
  }
  function fail(message: string) {
    if (finished) return
    options.onEvent({ type: 'fault', message })
    finish()
  }
  driver.onEvent = (event) => {
    clearTimeout(watchdog)
    watchdog = setTimeout(() => fail('silent'), silenceMs)
    if (event.type === 'running') running = { index: event.index, name: event.name }
    if (event.type === 'test' && running?.index === event.index) running = undefined
    options.onEvent(event)
    if (event.type === 'done' || event.type === 'fault') finish()
  }
  driver.onFailure = (failure) => {
    if (failure.kind === 'error') return fail(failure.message)
    if (running) {
      options.onEvent({
        type: 'test',
        index: running.index,
        result: {
          name: running.name,
          status: 'MemoryLimit',
          message: `The browser ended the process running your program while calling ${options.program.entry}: it ran out of memory, most likely (plain arrays and objects count only toward the browser's own heap limit here). On the server the memory limit is ${options.memoryMb} MB.`,
        },
      })
    }
    fail('crashed')
  }
  const request: LocalRunRequest = {
    type: 'start',
    kitUrl: options.kitUrl,
    program: options.program,
    compareWith: options.compareWith,
  }
  driver.post(request)
  return {
    get isolated() {
      return driver.isolated
    },
    stop() {
      if (finished) return
      options.onEvent({ type: 'fault', message: 'stopped' })
      finish()
    },
    done,
  }
}

/**
 * Where the server serves a challenge version's sample kit (apps/server/src/localRun), with the
 * viewer's ticket from challenge.get: the worker on the sandbox origin sends no session cookie.
 */
export function sampleKitUrl(challengeId: string, packHash: string, ticket?: string): string {
  const url = `/local-run/${challengeId}/${encodeURIComponent(packHash)}/kit.js`
  return ticket ? `${url}?ticket=${encodeURIComponent(ticket)}` : url
}
