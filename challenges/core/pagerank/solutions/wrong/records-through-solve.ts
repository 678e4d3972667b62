// @expect RuntimeError
// @skips-lesson
// Uses the engine only as a pipe: an identity job hands every page's links back to solve, which
// iterates with plain arrays, and a last job only writes the ranks. Before the graph was a file, solve
// held it anyway and this route was Accepted, gold, faster than the reference. Now the largest graph
// is larger than solve's memory, so the links cannot come back (MemoryLimit): only iterating in the
// tasks, each job writing the state the next reads, scales (issue 14, class 8).
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

export function map(record: [number, number[]], emit: (page: number, links: number[]) => void): void {
  emit(record[0], record[1])
}

export function reduce(page: number, lists: number[][], emit: (page: number, links: number[]) => void): void {
  for (const links of lists) emit(page, links)
}

/** The last job: each [page, rank] goes through unchanged, and its reducer writes it. */
export function pass(entry: [number, number], emit: (page: number, rank: number) => void): void {
  emit(entry[0], entry[1])
}

export function write(page: number, ranks: number[], emit: (page: number, rank: number) => void): void {
  emit(page, ranks[0]!)
}

export async function solve(graph: Graph): Promise<void> {
  const { output } = await mapreduce.run<number, number[]>({
    input: { file: graph.file, records: 'json' },
    reducers: mapreduce.size,
  })
  const links: number[][] = new Array(graph.nodes)
  for (const [page, targets] of output.flat()) links[page] = targets
  let rank = new Float64Array(graph.nodes).fill(1)
  for (let it = 0; it < graph.iterations; it++) {
    const next = new Float64Array(graph.nodes).fill(0.15)
    for (let u = 0; u < graph.nodes; u++) {
      const out = links[u]!
      for (const v of out) next[v]! += (0.85 * rank[u]!) / out.length
    }
    rank = next
  }
  const splits: [number, number][][] = [[], []]
  for (let page = 0; page < graph.nodes; page++) splits[page % 2]!.push([page, rank[page]!])
  await mapreduce.run({
    input: splits,
    map: 'pass',
    reduce: 'write',
    reducers: 2,
    output: { file: graph.ranks },
  })
}
