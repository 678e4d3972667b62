// What check's file reads cost across the pack-code isolate's boundary (issue 15, point 5): a file read
// in 1 MiB chunks through a host callback, as packIsolate.ts `outRead` serves it, the old way (each
// chunk copied into the isolate, then into the guest's reused buffer) against the new one (each
// chunk's buffer moved in: ExternalCopy transferOut / copyInto transferIn), alternating in one process.
import ivm from 'isolated-vm'
import { type BenchSection, summarize } from './section.ts'

const CHUNK_BYTES = 2 ** 20
/** external-sort's largest perf case: 8M keys of 8 bytes, read once as input and once as output. */
const FILE_CHUNKS = 64
const ROUNDS = 9

export const packBoundarySection: BenchSection = {
  name: 'pack-boundary',
  description: "check's file chunks into the pack-code isolate: copied vs moved (issue 15, point 5)",
  async run(log) {
    const isolate = new ivm.Isolate({ memoryLimit: 256 })
    try {
      const context = await isolate.createContext()
      const chunk = () => new Uint8Array(CHUNK_BYTES).fill(7)
      await context.global.set('copied', new ivm.Callback(() => chunk()))
      await context.global.set(
        'moved',
        new ivm.Callback(() =>
          new ivm.ExternalCopy(chunk().buffer, { transferOut: true }).copyInto({
            release: true,
            transferIn: true,
          }),
        ),
      )
      const readAll = (script: string) => {
        const started = performance.now()
        context.evalSync(`(() => { let sum = 0; ${script}; return sum })()`)
        return performance.now() - started
      }
      const copiedScript = `let buffer = new Uint8Array(0); for (let i = 0; i < ${FILE_CHUNKS}; i++) { const got = copied(); if (buffer.length < got.length) buffer = new Uint8Array(got.length); buffer.set(got); sum += buffer[i] }`
      const movedScript = `for (let i = 0; i < ${FILE_CHUNKS}; i++) { const got = new Uint8Array(moved()); sum += got[i] }`
      const copiedMs: number[] = []
      const movedMs: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) {
          copiedMs.push(readAll(copiedScript))
          movedMs.push(readAll(movedScript))
        } else {
          movedMs.push(readAll(movedScript))
          copiedMs.push(readAll(copiedScript))
        }
      }
      const copiedSummary = summarize(copiedMs)
      const movedSummary = summarize(movedMs)
      const ratio = copiedSummary.median / movedSummary.median
      log(
        `${FILE_CHUNKS} MiB read in 1 MiB chunks into the pack-code isolate: copied median ${copiedSummary.median.toFixed(1)} ms, moved ${movedSummary.median.toFixed(1)} ms (copied/moved ${ratio.toFixed(2)}x)`,
      )
      return { copiedMs: copiedSummary, movedMs: movedSummary, ratio }
    } finally {
      isolate.dispose()
    }
  },
}
