import type { PageProgram } from './compileInPage.ts'
import type { LocalRunEvent, LocalRunPreload, LocalRunRequest } from './protocol.ts'

export interface LocalRunHandle {
  /** Stops the run now (the page's Stop button, or leaving the page). */
  stop(): void
  done: Promise<void>
}

/** Slack on top of the challenge's wall limit before the page gives up on a silent driver. */
const DRIVER_SLACK_MS = 10_000

/**
 * Runs the samples in a driver worker (see driverWorker.ts). The driver stops each program at the
 * challenge's wall limit itself; the page watches the driver too, so even a driver that stopped
 * answering is terminated and the page stays responsive.
 */
export function runLocally(options: {
  /** A driver started ahead by `startDriver` (saves the worker start and the kit import). */
  driver?: Worker
  kitUrl: string
  program: PageProgram
  previous?: PageProgram
  wallMs: number
  onEvent: (event: LocalRunEvent) => void
}): LocalRunHandle {
  const driver = options.driver ?? startDriver(options.kitUrl)
  let finished = false
  let resolveDone: () => void = () => undefined
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve
  })
  // Each program run may take wallMs, and the previous program's run as much again.
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
  driver.onmessage = (event: MessageEvent<LocalRunEvent>) => {
    clearTimeout(watchdog)
    watchdog = setTimeout(() => fail('silent'), silenceMs)
    options.onEvent(event.data)
    if (event.data.type === 'done' || event.data.type === 'fault') finish()
  }
  driver.onerror = (event) => {
    event.preventDefault()
    fail(event.message || 'the local run worker failed to start')
  }
  const request: LocalRunRequest = {
    type: 'start',
    kitUrl: absolute(options.kitUrl),
    program: options.program,
    previous: options.previous,
  }
  driver.postMessage(request)
  return {
    stop() {
      if (finished) return
      options.onEvent({ type: 'fault', message: 'stopped' })
      finish()
    },
    done,
  }
}

/** A driver worker that already imports the kit: the next run starts without waiting for either. */
export function startDriver(kitUrl: string): Worker {
  const driver = new Worker(new URL('./driverWorker.ts', import.meta.url), { type: 'module' })
  const preload: LocalRunPreload = { type: 'preload', kitUrl: absolute(kitUrl) }
  driver.postMessage(preload)
  return driver
}

function absolute(url: string): string {
  return new URL(url, location.href).href
}

/** Where the server serves a challenge version's sample kit (apps/server/src/localRun). */
export function sampleKitUrl(challengeId: string, packHash: string): string {
  return `/local-run/${challengeId}/${encodeURIComponent(packHash)}/kit.js`
}
