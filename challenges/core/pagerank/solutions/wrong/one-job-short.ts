// @expect WrongAnswer
// Counts the job that loads the graph as an iteration: `iterations - 1` rank updates. Off by one,
// the ranks are those of the previous iteration.
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
  const ranks = new Float64Array(graph.nodes).fill(1)
  if (graph.iterations <= 1) return ranks
  const jobs = Array.from({ length: graph.iterations - 1 }, (_, i) => ({
    reducers: 2,
    map: 'spread',
    reduce: 'update',
    ...(i === 0 ? { input: records(graph) } : {}),
  }))
  const { output } = await mapreduce.chain<number, State>(jobs)
  for (const [node, [rank]] of output.flat()) ranks[node] = rank
  return ranks
}
