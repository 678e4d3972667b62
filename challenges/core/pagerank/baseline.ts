// The lesson's starting point: the textbook PageRank job, one per iteration, chained. Each node's state
// is an object, every message a tagged object, every share of rank crosses the shuffle on its own,
// and one split and one reducer do all the work. Correct; the shuffle is the cost.
import { mapreduce } from 'arena:mapreduce'

interface Graph {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
}
type State = { rank: number; links: number[] }
type Message = { kind: 'links'; links: number[] } | { kind: 'mass'; mass: number }

const DAMPING = 0.85

export function map(record: [number, State], emit: (node: number, message: Message) => void): void {
  const [node, state] = record
  emit(node, { kind: 'links', links: state.links })
  for (const target of state.links) emit(target, { kind: 'mass', mass: state.rank / state.links.length })
}

export function reduce(node: number, messages: Message[], emit: (node: number, state: State) => void): void {
  let mass = 0
  let links: number[] = []
  for (const message of messages) {
    if (message.kind === 'mass') mass += message.mass
    else links = message.links
  }
  emit(node, { rank: 1 - DAMPING + DAMPING * mass, links })
}

export async function solve(graph: Graph): Promise<Float64Array> {
  const records: [number, State][] = []
  for (let v = 0; v < graph.nodes; v++) {
    records.push([
      v,
      { rank: 1, links: Array.from(graph.targets.subarray(graph.offsets[v]!, graph.offsets[v + 1]!)) },
    ])
  }
  const ranks = new Float64Array(graph.nodes)
  if (graph.iterations === 0) return ranks.fill(1)
  const jobs = Array.from({ length: graph.iterations }, (_, i) =>
    i === 0 ? { input: [records], reducers: 1 } : { reducers: 1 },
  )
  const { output } = await mapreduce.chain<number, State>(jobs)
  for (const [node, state] of output.flat()) ranks[node] = state.rank
  return ranks
}
