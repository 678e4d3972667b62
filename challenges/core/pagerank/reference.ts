// PageRank as a chain of jobs, one per iteration (Lin and Dyer, "Data-Intensive Text Processing with
// MapReduce", ch. 5). Each node's record [node, [rank, links]] goes through the map, which ships the
// links to the node itself (the graph's structure must reach the next iteration) and rank/out-degree to
// every target. The lesson's improvements over the textbook job:
// - a combiner adds up each map task's mass per target: the in-link hubs of a power-law graph receive
//   most links, so most of the mass pairs collapse before the shuffle;
// - compact messages: a mass is a number and the links a plain array (the type tells them apart);
// - one reducer per worker: every iteration's reduce runs on both workers, and the next iteration has
//   as many map tasks (a job's output partitions are the next job's splits): few, large map tasks,
//   so each combines more of a hub's shares;
// - the last iteration emits the rank alone, not the links.
import { mapreduce } from 'arena:mapreduce'

interface Graph {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
}
type State = [rank: number, links: number[]]
/** To a node: a share of some node's rank (a number) or its own links (an array). */
type Message = number | number[]

const DAMPING = 0.85
const PARTITIONS_PER_WORKER = 1

export function spread(record: [number, State], emit: (node: number, message: Message) => void): void {
  const [node, [rank, links]] = record
  emit(node, links)
  const share = rank / links.length
  for (const target of links) emit(target, share)
}

/** Combiner: one mass per target per map task; the links pass through. */
export function addMass(
  node: number,
  messages: Message[],
  emit: (node: number, message: Message) => void,
): void {
  let mass = 0
  let shares = 0
  for (const message of messages) {
    if (typeof message === 'number') {
      mass += message
      shares++
    } else emit(node, message)
  }
  if (shares > 0) emit(node, mass)
}

function collect(messages: Message[]): State {
  let mass = 0
  let links: number[] = []
  for (const message of messages) {
    if (typeof message === 'number') mass += message
    else links = message
  }
  return [1 - DAMPING + DAMPING * mass, links]
}

export function update(node: number, messages: Message[], emit: (node: number, state: State) => void): void {
  emit(node, collect(messages))
}

export function finalRank(
  node: number,
  messages: Message[],
  emit: (node: number, rank: number) => void,
): void {
  emit(node, collect(messages)[0])
}

export async function solve(graph: Graph): Promise<Float64Array> {
  const { nodes, offsets, targets } = graph
  const partitions = mapreduce.size * PARTITIONS_PER_WORKER
  const splits: [number, State][][] = Array.from({ length: partitions }, () => [])
  for (let v = 0; v < nodes; v++) {
    const links = Array.from(targets.subarray(offsets[v]!, offsets[v + 1]!))
    splits[v % partitions]!.push([v, [1, links]])
  }
  const iteration = { reducers: partitions, map: 'spread', combine: 'addMass', reduce: 'update' }
  const jobs = Array.from({ length: graph.iterations }, (_, i) => ({
    ...iteration,
    ...(i === 0 ? { input: splits } : {}),
    ...(i === graph.iterations - 1 ? { reduce: 'finalRank' } : {}),
  }))
  const ranks = new Float64Array(nodes)
  if (jobs.length === 0) return ranks.fill(1)
  const { output } = await mapreduce.chain<number, number>(jobs)
  for (const partition of output) for (const [node, rank] of partition) ranks[node] = rank
  return ranks
}
