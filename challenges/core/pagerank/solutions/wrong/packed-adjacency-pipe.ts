// @expect RuntimeError
// @skips-lesson
// The engine as a compressing pipe: a combiner packs each map task's split into one Uint8Array (page
// deltas, out-degrees and sorted targets as delta varints, about 3 bytes a link instead of a JS array
// per page), an identity reducer hands those arrays back to solve, which would iterate into one
// Float64Array (the ranks start uniform) and let a last job write the ranks. The hidden graph's packed
// links alone (1.5 million links) are more than solve's 8 MB: measured, it ends in MemoryLimit as soon
// as the first job's output reaches solve, before any rank array exists (issue 14, class 8).
// Since jobs in a call whose data are files take no records from solve (the engine's
// recordsBesideFiles), the last job cannot be handed what solve computed: RuntimeError on the first
// case, whatever its size.
import { mapreduce } from 'arena:mapreduce'

interface Graph {
  file: string
  bytes: number
  nodes: number
  links: number
  iterations: number
  ranks: string
}

export function toTask(
  record: [number, number[]],
  emit: (key: number, page: [number, number[]]) => void,
): void {
  emit(0, record)
}

/** One split's pages as varints: page delta, degree, then its targets sorted, as deltas. */
export function pack(
  _key: number,
  pages: [number, number[]][],
  emit: (first: number, bytes: Uint8Array) => void,
): void {
  pages.sort((a, b) => a[0] - b[0])
  let out = new Uint8Array(1024)
  let at = 0
  const put = (n: number) => {
    if (at + 5 > out.length) {
      const bigger = new Uint8Array(out.length * 2)
      bigger.set(out)
      out = bigger
    }
    while (n >= 0x80) {
      out[at++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    out[at++] = n
  }
  let last = 0
  for (const [page, targets] of pages) {
    put(page - last)
    last = page
    put(targets.length)
    targets.sort((a, b) => a - b)
    let prev = 0
    for (const t of targets) {
      put(t - prev)
      prev = t
    }
  }
  emit(pages[0]?.[0] ?? 0, out.slice(0, at))
}

export function same(
  key: number,
  values: Uint8Array[],
  emit: (key: number, bytes: Uint8Array) => void,
): void {
  for (const v of values) emit(key, v)
}

export function pass(entry: [number, Float64Array], emit: (page: number, rank: number) => void): void {
  const [first, ranks] = entry
  for (let i = 0; i < ranks.length; i++) emit(first + i, ranks[i]!)
}

export function write(page: number, ranks: number[], emit: (page: number, rank: number) => void): void {
  emit(page, ranks[0]!)
}

function decode(bytes: Uint8Array, visit: (page: number, degree: number, targets: number[]) => void): void {
  let at = 0
  const get = () => {
    let n = 0
    let shift = 0
    for (;;) {
      const b = bytes[at++]!
      n += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return n
      shift += 7
    }
  }
  let page = 0
  const targets: number[] = []
  while (at < bytes.length) {
    page += get()
    const degree = get()
    targets.length = 0
    let t = 0
    for (let i = 0; i < degree; i++) {
      t += get()
      targets.push(t)
    }
    visit(page, degree, targets)
  }
}

export async function solve(graph: Graph): Promise<void> {
  let { output } = await mapreduce.run<number, Uint8Array>({
    input: { file: graph.file, records: 'json' },
    reducers: mapreduce.size,
    map: 'toTask',
    combine: 'pack',
    reduce: 'same',
  })
  let rank = new Float64Array(graph.nodes).fill(1)
  for (let it = 0; it < graph.iterations; it++) {
    const next = new Float64Array(graph.nodes).fill(0.15)
    for (const part of output)
      for (const [, bytes] of part)
        decode(bytes, (u, degree, targets) => {
          const share = (0.85 * rank[u]!) / degree
          for (const v of targets) next[v]! += share
        })
    rank = next
  }
  output = []
  const splits: [number, Float64Array][][] = []
  const per = Math.ceil(graph.nodes / 16)
  for (let first = 0; first < graph.nodes; first += per)
    splits.push([[first, rank.slice(first, first + per)]])
  ;(rank as unknown) = null
  await mapreduce.run({
    input: splits,
    map: 'pass',
    reduce: 'write',
    reducers: 2,
    output: { file: graph.ranks },
  })
}
