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

/** One node's record: ship its links to itself, and a share of its rank to every page it links to. */
export function map(record: [number, State], emit: (node: number, message: Message) => void): void {
  const [node, [rank, links]] = record
  emit(node, links)
  for (const target of links) emit(target, rank / links.length)
}

/** One node with its links and the shares of rank sent to it: its new rank. */
export function reduce(node: number, messages: Message[], emit: (node: number, state: State) => void): void {
  let mass = 0
  let links: number[] = []
  for (const message of messages) {
    if (typeof message === 'number') mass += message
    else links = message
  }
  emit(node, [1 - DAMPING + DAMPING * mass, links])
}

export async function solve(graph: Graph): Promise<Float64Array> {
  const records: [number, State][] = []
  for (let v = 0; v < graph.nodes; v++) {
    records.push([v, [1, Array.from(graph.targets.subarray(graph.offsets[v]!, graph.offsets[v + 1]!))]])
  }
  // TODO: `graph.iterations` iterations (mapreduce.chain), not one; a combiner shrinks the shuffle.
  const { output } = await mapreduce.run<number, State>({ input: [records], reducers: mapreduce.size })
  const ranks = new Float64Array(graph.nodes)
  for (const [node, [rank]] of output.flat()) ranks[node] = rank
  return ranks
}
