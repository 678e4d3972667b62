// @expect RuntimeError
// @skips-lesson: the in-memory sort again, its keys in a WebAssembly.Memory, whose pages V8 reserves
// outside the isolate's memory limit (issue 14, class 1: it was Accepted, gold, under the 8 MB limit).
// WebAssembly is not available to learner code, so this ends at its first line with a message that
// says why.
import { disk } from 'arena:disk'

interface SortJob {
  input: string
  output: string
  count: number
}

/** The part of WebAssembly this route needs (the learner's types leave WebAssembly out). */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer }
}

export function solve(job: SortJob): void {
  const pages = Math.ceil((job.count * 8) / 65536)
  const wasm = Reflect.get(globalThis, 'WebAssembly') as WebAssemblyApi
  const memory = new wasm.Memory({ initial: pages })
  const keys = new Float64Array(memory.buffer, 0, job.count)
  disk.open(job.input).read(keys, 0)
  keys.sort()
  disk.create(job.output).write(keys, 0)
}
