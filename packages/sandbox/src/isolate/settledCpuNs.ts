import type ivm from 'isolated-vm'

/** Enough turns of the event loop for a thread to let go of an isolate it has finished with. */
const MAX_TURNS = 1000

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
 */
export async function settledCpuNs(isolate: ivm.Isolate): Promise<number> {
  const read = () => (isolate.isDisposed ? 0 : Number(isolate.cpuTime))
  let last = read()
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    await new Promise((resolve) => setImmediate(resolve))
    const now = read()
    if (now === last) return now
    last = now
  }
  return last
}
