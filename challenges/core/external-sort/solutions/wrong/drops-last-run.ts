// @expect WrongAnswer
// Sorts full runs and merges them correctly, but only makes runs of exactly RUN_KEYS keys: the keys
// after the last full run are lost whenever the count is not a multiple of RUN_KEYS.
import { disk } from 'arena:disk'

interface SortJob {
  input: string
  output: string
  count: number
}

const RUN_KEYS = 1 << 17

export function solve(job: SortJob): void {
  const input = disk.open(job.input)
  const names: string[] = []
  for (let start = 0; start + RUN_KEYS <= job.count; start += RUN_KEYS) {
    const keys = new Float64Array(RUN_KEYS)
    input.read(keys, start * 8)
    keys.sort()
    const name = `run-${names.length}.bin`
    disk.create(name).write(keys, 0)
    names.push(name)
  }
  // Merge with one key per run in memory: slow but small.
  const files = names.map((name) => disk.open(name))
  const position = names.map(() => 0)
  const head = new Float64Array(1)
  const current = names.map((_, r) => {
    ;(files[r] as ReturnType<typeof disk.open>).read(head, 0)
    return head[0] as number
  })
  const output = disk.create(job.output)
  const out = new Float64Array(4096)
  let pending = 0
  for (;;) {
    let best = -1
    for (let r = 0; r < names.length; r++) {
      if (
        (position[r] as number) < RUN_KEYS &&
        (best < 0 || (current[r] as number) < (current[best] as number))
      )
        best = r
    }
    if (best < 0) break
    out[pending++] = current[best] as number
    if (pending === out.length) {
      output.append(out)
      pending = 0
    }
    position[best] = (position[best] as number) + 1
    if ((position[best] as number) < RUN_KEYS) {
      ;(files[best] as ReturnType<typeof disk.open>).read(head, (position[best] as number) * 8)
      current[best] = head[0] as number
    }
  }
  output.append(out.subarray(0, pending))
  output.close()
}
