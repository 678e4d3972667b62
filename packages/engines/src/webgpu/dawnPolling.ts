// Dawn's node binding resolves its promises (a pipeline compiled, a buffer mapped, work done) by
// polling its instance from `setImmediate`, again at once after each poll while any is pending. For
// the whole of a compile (1-20 s on SwiftShader) the main thread spins: measured on 2 cores, a 1.2 s
// pipeline compile cost the process 2.6 s of CPU in 111,524 polls. That spin competes with the compile
// for the machine's cores, and it is CPU the sandbox's process-wide ceiling (runProgram's watchdog)
// counts, so the ceiling no longer tells a compile that waited for a core from one that computed.
// Patched here: a run of polls stays eager for its first milliseconds (a mapped buffer or a short
// kernel answers at once), then polls once a millisecond: the same compile cost 1.26 s of CPU in
// ~1,000 polls. Kernel time is read from timestamp queries where the device has them, so the ranking
// does not see the poll; without them a job longer than EAGER_MS reads at most POLL_MS more.

/** How long a run of polls stays eager, in ms. */
const EAGER_MS = 2
/** How often a longer run polls, in ms. */
const POLL_MS = 1

let patched = false

/**
 * Makes Dawn's polling patient, process-wide: only callbacks that are native functions (the binding's
 * own; every JavaScript caller passes a JavaScript function) are affected. Call before Dawn loads.
 */
export function pollDawnPatiently(): void {
  if (patched) return
  patched = true
  const eager = globalThis.setImmediate
  let polling = false
  let runStartedAt = 0
  const patient = (callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    if (typeof callback !== 'function' || !isNative(callback)) return eager(callback, ...args)
    // Scheduled from inside a poll: the binding still has work pending, the run goes on. Scheduled
    // from anywhere else: new work, a new run, eager again.
    const now = performance.now()
    if (!polling) runStartedAt = now
    const poll = () => {
      polling = true
      try {
        callback(...args)
      } finally {
        polling = false
      }
    }
    return now - runStartedAt < EAGER_MS ? eager(poll) : setTimeout(poll, POLL_MS)
  }
  globalThis.setImmediate = Object.assign(patient, eager) as unknown as typeof setImmediate
}

function isNative(fn: (...args: never) => unknown): boolean {
  return Function.prototype.toString.call(fn).endsWith('{ [native code] }')
}
