// The textbook external sort as first written: small runs sorted with Array.prototype.sort and a
// comparator, then merged two at a time, pass after pass, reading and writing 8 KB (C's BUFSIZ) at a time.
import { disk } from 'arena:disk'

interface SortJob {
  input: string
  output: string
  count: number
}

const RUN_KEYS = 1 << 16
const IO_KEYS = 1024

export function solve(job: SortJob): void {
  const input = disk.open(job.input)
  let runs: { name: string; count: number }[] = []
  for (let start = 0; start < job.count; start += RUN_KEYS) {
    const chunk = new Float64Array(Math.min(RUN_KEYS, job.count - start))
    input.read(chunk, start * 8)
    const sorted = Array.from(chunk).sort((a, b) => a - b)
    const name = `run-${runs.length}.bin`
    const file = disk.create(name)
    file.write(Float64Array.from(sorted), 0)
    file.close()
    runs.push({ name, count: chunk.length })
  }
  input.close()
  let generation = 0
  while (runs.length > 1) {
    const next: { name: string; count: number }[] = []
    for (let i = 0; i < runs.length; i += 2) {
      const a = runs[i] as { name: string; count: number }
      const b = runs[i + 1]
      if (!b) {
        next.push(a)
        continue
      }
      const name = `merge-${generation}-${i}.bin`
      mergeTwo(a, b, name)
      disk.delete(a.name)
      disk.delete(b.name)
      next.push({ name, count: a.count + b.count })
    }
    runs = next
    generation++
  }
  const output = disk.create(job.output)
  const last = runs[0]
  if (last) {
    // Copy the single remaining run into the output file.
    const from = disk.open(last.name)
    const buffer = new Float64Array(IO_KEYS)
    for (let at = 0; at < last.count; at += IO_KEYS) {
      const n = Math.min(IO_KEYS, last.count - at)
      from.read(buffer.subarray(0, n), at * 8)
      output.append(buffer.subarray(0, n))
    }
    from.close()
  }
  output.close()
}

function mergeTwo(
  a: { name: string; count: number },
  b: { name: string; count: number },
  name: string,
): void {
  const left = reader(a)
  const right = reader(b)
  const out = disk.create(name)
  const buffer = new Float64Array(IO_KEYS)
  let pending = 0
  const emit = (key: number) => {
    buffer[pending++] = key
    if (pending === IO_KEYS) {
      out.append(buffer)
      pending = 0
    }
  }
  while (left.has() && right.has()) emit(left.peek() <= right.peek() ? left.take() : right.take())
  while (left.has()) emit(left.take())
  while (right.has()) emit(right.take())
  if (pending > 0) out.append(buffer.subarray(0, pending))
  out.close()
  left.close()
  right.close()
}

function reader(run: { name: string; count: number }) {
  const file = disk.open(run.name)
  const buffer = new Float64Array(IO_KEYS)
  let filled = 0
  let cursor = 0
  let readFrom = 0
  const fill = () => {
    filled = Math.min(IO_KEYS, run.count - readFrom)
    if (filled > 0) file.read(buffer.subarray(0, filled), readFrom * 8)
    readFrom += filled
    cursor = 0
  }
  fill()
  return {
    has: () => cursor < filled,
    peek: () => buffer[cursor] as number,
    take: () => {
      const key = buffer[cursor++] as number
      if (cursor === filled) fill()
      return key
    },
    close: () => file.close(),
  }
}
