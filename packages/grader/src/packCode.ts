import type { GradableChallenge } from './types.ts'

/**
 * A challenge's bundled tests.ts as a sandbox task runs it: in a pack-code isolate of its own
 * (child/packIsolate.ts), with these limits, its faults named after `challenge`.
 */
export interface PackCode {
  /** The bundle's file (compile/bundleTests.ts). */
  bundle: string
  /** `<pack>/<challenge>`, for the messages of its faults. */
  challenge: string
  /** Wall time all of its calls in one task may take together (generate, describe, check). */
  wallMs: number
  /** The pack-code isolate's memory limit (its heap and ArrayBuffers). */
  memoryMb: number
}

/**
 * Hidden inputs can be tens of MB, built in the isolate and kept there for the check: at least 512 MB,
 * twice the learner's limit where that is larger.
 */
export const PACK_MEMORY_MIN_MB = 512
/** Generating and checking the largest input of a perf round takes seconds; at least 20 s a task. */
export const PACK_WALL_MIN_MS = 20_000

/**
 * A challenge may set its pack code's limits (tests use small ones); without them, the defaults above.
 * Read from the GradableChallenge object as it comes (`packLimits`), so every caller passes it through.
 */
export interface PackLimits {
  packLimits?: { wallMs?: number; memoryMb?: number }
}

export function packCodeFor(challenge: GradableChallenge & PackLimits, bundle: string): PackCode {
  return {
    bundle,
    challenge: challenge.id,
    wallMs: challenge.packLimits?.wallMs ?? Math.max(PACK_WALL_MIN_MS, 2 * challenge.limits.wallMs),
    memoryMb: challenge.packLimits?.memoryMb ?? Math.max(PACK_MEMORY_MIN_MB, 2 * challenge.limits.memoryMb),
  }
}
