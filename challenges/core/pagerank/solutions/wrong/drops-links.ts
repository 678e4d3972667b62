// @expect WrongAnswer
// Ships only the shares of rank, not the links: the reducer has the new rank but not the node's
// out-links, so from the second iteration on no node has anywhere to send its rank.
import { mapreduce } from 'arena:mapreduce'

interface Graph {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
}
type State = [rank: number, links: number[]]

const DAMPING = 0.85

export function spread(record: [number, State], emit: (node: number, message: number) => void): void {
  const [, [rank, links]] = record
  for (const target of links) emit(target, rank / links.length)
}

export function update(node: number, shares: number[], emit: (node: number, state: State) => void): void {
  emit(node, [1 - DAMPING + DAMPING * shares.reduce((a, b) => a + b, 0), []])
}

function records(graph: Graph): [number, State][][] {
  const splits: [number, State][][] = [[], []]
  for (let v = 0; v < graph.nodes; v++) {
    splits[v % 2]!.push([
      v,
      [1, Array.from(graph.targets.subarray(graph.offsets[v]!, graph.offsets[v + 1]!))],
    ])
  }
  return splits
}

export async function solve(graph: Graph): Promise<Float64Array> {
  const jobs = Array.from({ length: graph.iterations }, (_, i) => ({
    reducers: 2,
    map: 'spread',
    reduce: 'update',
    ...(i === 0 ? { input: records(graph) } : {}),
  }))
  const { output } = await mapreduce.chain<number, State>(jobs)
  const ranks = new Float64Array(graph.nodes).fill(1 - DAMPING)
  for (const [node, [rank]] of output.flat()) ranks[node] = rank
  return ranks
}
