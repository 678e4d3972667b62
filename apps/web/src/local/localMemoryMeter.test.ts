// Memory that adds up (issue 16, point 8), the page's side: Run locally never refuses what the server
// accepts. The server admits a run while heap in use + ArrayBuffers stay within the limit plus V8's
// young generation; the page sees ArrayBuffers only, and sees dropped ones late.
import { describe, expect, it } from 'vitest'
import { localMemoryMeter, localMeterAdmits, SERVER_SLACK_BYTES } from './localMemoryMeter.ts'

const MIB = 2 ** 20

/** Allocations in order, none ever seen collected (a synchronous call): the first refused, or -1. */
function firstRefused(memoryMb: number, allocations: number[]): number {
  const meter = localMemoryMeter(memoryMb)
  let live = 0
  for (const [index, bytes] of allocations.entries()) {
    if (!localMeterAdmits(meter, live, bytes)) return index
    live += bytes
  }
  return -1
}

describe('the local memory meter', () => {
  it("admits external-sort's reference under its 8 MB cap: a 2 MB run buffer per pass, merge and output buffers", () => {
    // reference.ts: one 2 MB run buffer per run of the 64 MB input (32 runs, each dropped), then
    // 2 MB of merge buffers, a 1 MB output buffer and small arrays; its scratch files are disk.
    const runs = Array.from({ length: 32 }, () => 2 * MIB)
    expect(firstRefused(8, [...runs, 2 * MIB, 1 * MIB, 4096, 4096])).toBe(-1)
  })

  it('admits any single allocation the server can admit (up to the limit plus its slack)', () => {
    const meter = localMemoryMeter(8)
    expect(localMeterAdmits(meter, 0, 8 * MIB + SERVER_SLACK_BYTES)).toBe(true)
    // Larger than the limit and the slack together: the server refuses it whatever else is live.
    expect(localMeterAdmits(meter, 0, 8 * MIB + SERVER_SLACK_BYTES + 1)).toBe(false)
  })

  it('stops a memory bomb long before the tab runs out', () => {
    const bomb = Array.from({ length: 1024 }, () => MIB)
    const refusedAt = firstRefused(8, bomb)
    expect(refusedAt).toBeGreaterThan(8)
    expect(refusedAt).toBeLessThanOrEqual(8 + 64)
    expect(firstRefused(192, bomb)).toBe(4 * 192)
  })
})
