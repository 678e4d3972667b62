// @expect WrongAnswer
// Ships ranks as Float32Array to halve the bytes: 24 bits of mantissa lose ~1e-7 of each rank every
// iteration, far outside the 1e-9 tolerance. Shrink the shuffle with a combiner, not with precision.
import { mapreduce } from 'arena:mapreduce'

interface Graph {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
}

const DAMPING = 0.85

export function spread(
  record: [number, [Float32Array, number[]]],
  emit: (node: number, message: Float32Array | number[]) => void,
): void {
  const [node, [rank, links]] = record
  emit(node, links)
  for (const target of links) emit(target, new Float32Array([rank[0]! / links.length]))
}

export function update(
  node: number,
  messages: (Float32Array | number[])[],
  emit: (node: number, state: [Float32Array, number[]]) => void,
): void {
  let mass = 0
  let links: number[] = []
  for (const message of messages) {
    if (message instanceof Float32Array) mass += message[0]!
    else links = message
  }
  emit(node, [new Float32Array([1 - DAMPING + DAMPING * mass]), links])
}

export async function solve(graph: Graph): Promise<Float64Array> {
  const splits: [number, [Float32Array, number[]]][][] = [[], []]
  for (let v = 0; v < graph.nodes; v++) {
    const links = Array.from(graph.targets.subarray(graph.offsets[v]!, graph.offsets[v + 1]!))
    splits[v % 2]!.push([v, [new Float32Array([1]), links]])
  }
  const jobs = Array.from({ length: graph.iterations }, (_, i) => ({
    reducers: 2,
    map: 'spread',
    reduce: 'update',
    ...(i === 0 ? { input: splits } : {}),
  }))
  const { output } = await mapreduce.chain<number, [Float32Array, number[]]>(jobs)
  const ranks = new Float64Array(graph.nodes)
  for (const [node, [rank]] of output.flat()) ranks[node] = rank[0]!
  return ranks
}
