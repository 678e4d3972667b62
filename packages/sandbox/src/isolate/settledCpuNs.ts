import { setTimeout as sleep } from 'node:timers/promises'
import type ivm from 'isolated-vm'

/** Turns of the event loop that cover a hold ending on an idle machine (microseconds). */
const QUICK_TURNS = 20
/** How long to wait for a thread to let go of an isolate before the clock is read as it stands. */
const SETTLE_WAIT_MS = 1000

/**
 * The isolate's CPU time, read once its thread has let go of it.
 *
 * While a thread holds an isolate, isolated-vm adds to its CPU time the *wall* time since the hold
 * began (it cannot read another thread's CPU clock), and an async call's promise settles on the host
 * before the isolate's thread lets go; the thread may even run the next queued task in the same hold.
 * Read right after an `await`, a busy machine's waiting for the CPU came back as the learner's CPU
 * time (calls of 35-80 ms of CPU read 70-130 ms, their wall time). While held, the clock moves on
 * every read; once two reads a turn of the event loop apart agree, nothing holds it and it is exact.
 * Not `evalSync`, which waits for the hold to end: work the guest left running would block this
 * thread, and with it every watchdog. Guest work that keeps running gets its time counted.
 *
 * The wait is bounded by time, not turns, and sleeps after a few quick turns: on a core shared with
 * busy processes the isolate's thread lets go only once the scheduler runs it again (tens of ms), and
 * a loop of immediate turns on the same core both ran out first and took the CPU that thread needed
 * (a pool task of 72 ms of CPU read 250 ms beside five busy loops).
 */
export async function settledCpuNs(isolate: ivm.Isolate): Promise<number> {
  const read = () => (isolate.isDisposed ? 0 : Number(isolate.cpuTime))
  const deadline = performance.now() + SETTLE_WAIT_MS
  let last = read()
  for (let turn = 0; ; turn++) {
    if (turn < QUICK_TURNS) await new Promise((resolve) => setImmediate(resolve))
    else await sleep(1)
    const now = read()
    if (now === last || performance.now() > deadline) return now
    last = now
  }
}
