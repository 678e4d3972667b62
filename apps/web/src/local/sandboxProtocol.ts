import type { LocalRunEvent } from './protocol.ts'

/** The app's first message to the sandbox frame; a MessagePort travels with it. */
export const SANDBOX_CONNECT = 'arena-local-run-connect'

/** How often the frame says it is alive. */
export const SANDBOX_HEARTBEAT_MS = 250

/** What the sandbox frame sends the app on the port. */
export type SandboxToApp =
  | { type: 'ready' }
  | { type: 'heartbeat' }
  | { type: 'event'; event: LocalRunEvent }
  | { type: 'driverError'; message: string }
