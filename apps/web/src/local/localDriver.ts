import type { LocalRunEvent, LocalRunPreload, LocalRunRequest } from './protocol.ts'
import { SANDBOX_CONNECT, SANDBOX_HEARTBEAT_MS, type SandboxToApp } from './sandboxProtocol.ts'

export type DriverFailure =
  /** The sandbox's process died (a program exhausted the JavaScript heap, almost always). */
  { kind: 'lost' } | { kind: 'error'; message: string }

/** The local-run driver worker (driverWorker.ts), wherever it runs. One driver serves one run. */
export interface LocalDriver {
  /** Whether it runs in a process of its own (the sandbox frame) or in the page's (no sandbox origin). */
  readonly isolated: boolean
  post(message: LocalRunRequest | LocalRunPreload): void
  onEvent: ((event: LocalRunEvent) => void) | null
  onFailure: ((failure: DriverFailure) => void) | null
  /** Set when it failed before anyone listened (a spare driver that never got to run). */
  readonly failure: DriverFailure | undefined
  terminate(): void
}

/**
 * Silence from a frame that answered before, while the page is visible, that means its process died.
 * At 2 s a busy machine (two cores shared with a software GPU and other work) read a live sandbox as
 * lost in the middle of a tensor sample; a process that died stays silent, so waiting longer only
 * delays the MemoryLimit of a real crash by a few seconds.
 */
const LOST_AFTER_MS = 6000
/**
 * A frame that never says ready in this long did not load (blocked, not built, unreachable). Generous:
 * a busy machine took over 20 s to bring the sandbox frame and its worker up, and a frame that is
 * really blocked shows the same message a little later.
 */
const READY_WITHIN_MS = 45_000

interface SandboxInfo {
  origin: string | null
}

let sandboxInfo: Promise<SandboxInfo> | undefined
/** Where the server serves the sandbox page for this page's host (apps/server/src/localRun/serveSandbox.ts). */
function sandboxOrigin(): Promise<string | null> {
  sandboxInfo ??= fetch('/local-run/sandbox.json')
    .then((response) => (response.ok ? (response.json() as Promise<SandboxInfo>) : { origin: null }))
    .catch(() => ({ origin: null }))
  return sandboxInfo.then((info) => info.origin)
}

/**
 * A driver in the sandbox frame when the server names a sandbox origin, else in a worker of this page.
 * The kit URL is made absolute against wherever the driver runs (the sandbox serves the same routes).
 */
export function startLocalDriver(kitPath: string): LocalDriver {
  const driver = new FrameOrWorkerDriver()
  void sandboxOrigin().then((origin) => driver.open(origin, kitPath))
  return driver
}

class FrameOrWorkerDriver implements LocalDriver {
  isolated = false
  onEvent: ((event: LocalRunEvent) => void) | null = null
  onFailure: ((failure: DriverFailure) => void) | null = null
  private send: ((message: LocalRunRequest | LocalRunPreload) => void) | undefined
  private readonly queue: (LocalRunRequest | LocalRunPreload)[] = []
  private base = location.href
  failure: DriverFailure | undefined
  private closed = false
  private cleanup: (() => void) | undefined

  post(message: LocalRunRequest | LocalRunPreload): void {
    const absolute = { ...message, kitUrl: new URL(message.kitUrl, this.base).href }
    if (this.send) this.send(absolute)
    else this.queue.push(message)
  }

  terminate(): void {
    this.closed = true
    this.cleanup?.()
  }

  open(origin: string | null, kitPath: string): void {
    if (this.closed) return
    if (origin) this.openFrame(origin)
    else this.openWorker()
    this.post({ type: 'preload', kitUrl: kitPath })
  }

  private ready(base: string, send: (message: LocalRunRequest | LocalRunPreload) => void): void {
    this.base = base
    this.send = send
    for (const message of this.queue.splice(0)) this.post(message)
  }

  private fail(failure: DriverFailure): void {
    if (this.closed || this.failure) return
    this.failure = failure
    this.onFailure?.(failure)
  }

  private openWorker(): void {
    const worker = new Worker(new URL('./driverWorker.ts', import.meta.url), { type: 'module' })
    worker.onmessage = (event: MessageEvent<LocalRunEvent>) => this.onEvent?.(event.data)
    worker.onerror = (event) => {
      event.preventDefault()
      this.fail({ kind: 'error', message: event.message || 'the local run worker failed to start' })
    }
    this.cleanup = () => worker.terminate()
    this.ready(location.href, (message) => worker.postMessage(message))
  }

  private openFrame(origin: string): void {
    this.isolated = true
    const frame = document.createElement('iframe')
    frame.src = `${origin}/local-run/sandbox`
    frame.title = 'local run sandbox'
    frame.hidden = true
    frame.setAttribute('aria-hidden', 'true')
    const channel = new MessageChannel()
    let heardAt = 0
    let answered = false
    channel.port1.onmessage = (event: MessageEvent<SandboxToApp>) => {
      heardAt = performance.now()
      const message = event.data
      if (message.type === 'ready' && !answered) {
        answered = true
        this.ready(`${origin}/`, (request) => channel.port1.postMessage(request))
      } else if (message.type === 'event') this.onEvent?.(message.event)
      else if (message.type === 'driverError') this.fail({ kind: 'error', message: message.message })
    }
    frame.addEventListener(
      'load',
      () => frame.contentWindow?.postMessage(SANDBOX_CONNECT, origin, [channel.port2]),
      {
        once: true,
      },
    )
    const startedAt = performance.now()
    // A hidden tab's timers are throttled on both sides: only a visible page judges silence.
    const watch = setInterval(() => {
      if (document.hidden) return
      const now = performance.now()
      if (answered && now - heardAt > Math.max(LOST_AFTER_MS, 4 * SANDBOX_HEARTBEAT_MS))
        this.fail({ kind: 'lost' })
      else if (!answered && now - startedAt > READY_WITHIN_MS)
        this.fail({ kind: 'error', message: `the local-run sandbox at ${origin} did not load` })
    }, SANDBOX_HEARTBEAT_MS)
    document.body.append(frame)
    this.cleanup = () => {
      clearInterval(watch)
      channel.port1.close()
      frame.remove()
    }
  }
}
