// What Run locally counts against `limits.memoryMb`, and when it refuses. The server meters and limits
// the V8 heap in use plus ArrayBuffers (packages/sandbox meteredBytes: what isolated-vm's memoryLimit
// enforces, with V8's young generation allowed on top). A browser worker can measure neither its heap
// nor when a dropped typed array is collected (a FinalizationRegistry reports it only after the
// synchronous call ends), so an exact local check would refuse programs the server accepts: a loop
// that allocates and drops a buffer per step counts every one. The local check is therefore lenient
// and says so: it refuses only what the server can never accept, and a memory bomb before the tab dies.

const MIB = 2 ** 20
/** V8's young generation, which isolated-vm admits beyond the limit (heap_size_limit - limit: 3 MiB measured at 8-64 MB). */
export const SERVER_SLACK_BYTES = 3 * MIB

export interface LocalMemoryMeter {
  /** The server's limit, for messages. */
  limitBytes: number
  /** One allocation larger than this could never be admitted by the server (it alone passes the limit). */
  singleBytes: number
  /** Typed arrays not yet known to be collected: past this, a memory bomb is stopped before the tab dies. */
  liveBytes: number
}

/** The local meter's thresholds for a challenge's `limits.memoryMb`. */
export function localMemoryMeter(memoryMb: number): LocalMemoryMeter {
  const limitBytes = memoryMb * MIB
  return {
    limitBytes,
    singleBytes: limitBytes + SERVER_SLACK_BYTES,
    // Four times the limit (at least 64 MB more): dropped buffers a loop has not yet seen collected fit.
    liveBytes: Math.max(4 * limitBytes, limitBytes + 64 * MIB),
  }
}

/** Whether the page lets an allocation of `bytes` through with `live` bytes already counted. */
export function localMeterAdmits(meter: LocalMemoryMeter, live: number, bytes: number): boolean {
  return bytes <= meter.singleBytes && live + bytes <= meter.liveBytes
}
