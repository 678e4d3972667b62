// The page inside the local-run sandbox frame. The app embeds it from another site (another host name:
// 127.0.0.1 for localhost, or the configured sandbox origin), so Chromium and Firefox give it a process
// of its own: a learner's program that exhausts the JavaScript heap (plain arrays and objects, which no
// meter in the page can see) kills this frame's process, never the app's tab.
//
// It only relays: the app sends a MessagePort once the frame has loaded; messages on it go to the
// driver worker (driverWorker.ts, unchanged), the driver's events come back on it, and a heartbeat
// tells the app that this process is still alive while a program runs.
import type { SandboxToApp } from './sandboxProtocol.ts'
import { SANDBOX_CONNECT, SANDBOX_HEARTBEAT_MS } from './sandboxProtocol.ts'

let driver: Worker | undefined

addEventListener('message', (event: MessageEvent) => {
  // Only the embedding page may connect; the port it sends is then the one channel.
  if (event.source !== window.parent || event.data !== SANDBOX_CONNECT || driver) return
  const port = event.ports[0]
  if (!port) return
  driver = new Worker(new URL('./driverWorker.ts', import.meta.url), { type: 'module' })
  const send = (message: SandboxToApp) => port.postMessage(message)
  driver.onmessage = (message) => send({ type: 'event', event: message.data })
  driver.onerror = (error) => {
    error.preventDefault()
    send({ type: 'driverError', message: error.message || 'the local run worker failed to start' })
  }
  port.onmessage = (message) => driver?.postMessage(message.data)
  setInterval(() => send({ type: 'heartbeat' }), SANDBOX_HEARTBEAT_MS)
  send({ type: 'ready' })
})
