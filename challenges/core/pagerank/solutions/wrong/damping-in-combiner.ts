// @expect WrongAnswer
// Applies the damping in the combiner: each map task's partial sum becomes (1 - d) + d * mass, and
// the reducer applies it again to the sum of those. A combiner must compute the same thing as the
// reducer's input expects (partial sums), and may run zero, one or many times.
import { mapreduce } from 'arena:mapreduce'

interface Graph {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
}
type State = [rank: number, links: number[]]
type Message = number | number[]

const DAMPING = 0.85

export function spread(record: [number, State], emit: (node: number, message: Message) => void): void {
  const [node, [rank, links]] = record
  emit(node, links)
  for (const target of links) emit(target, rank / links.length)
}

export function damp(
  node: number,
  messages: Message[],
  emit: (node: number, message: Message) => void,
): void {
  let mass = 0
  for (const message of messages) {
    if (typeof message === 'number') mass += message
    else emit(node, message)
  }
  emit(node, 1 - DAMPING + DAMPING * mass)
}

export function update(node: number, messages: Message[], emit: (node: number, state: State) => void): void {
  let mass = 0
  let links: number[] = []
  for (const message of messages) {
    if (typeof message === 'number') mass += message
    else links = message
  }
  emit(node, [1 - DAMPING + DAMPING * mass, links])
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
    combine: 'damp',
    reduce: 'update',
    ...(i === 0 ? { input: records(graph) } : {}),
  }))
  const { output } = await mapreduce.chain<number, State>(jobs)
  const ranks = new Float64Array(graph.nodes)
  for (const [node, [rank]] of output.flat()) ranks[node] = rank
  return ranks
}
