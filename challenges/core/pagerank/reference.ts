// PageRank as a chain of jobs, one per iteration, on a partitioned graph (Lin and Dyer, "Data-Intensive
// Text Processing with MapReduce", ch. 5: in-mapper combining and partitioning the graph). The textbook
// job ships one pair per link and one per node every iteration; here a record is a whole **block** of
// the graph (node v belongs to block v % BLOCKS), so:
// - the map of a block adds up, in memory, the rank its nodes send to each node of each other block
//   (in-mapper combining: hubs receive many links, and they collapse here), then emits one message per
//   target block: [local indices, amounts];
// - a block's structure goes to itself once, as flat arrays (offsets and targets), not one array per node;
// - a partitioner spreads the blocks evenly over one reducer per worker, and the last iteration emits
//   the ranks alone.
// A few hundred pairs cross the shuffle per iteration instead of ~110,000.
import { mapreduce } from 'arena:mapreduce'

interface Graph {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
}
/** Block b's nodes are b, b + BLOCKS, b + 2 * BLOCKS, …; node v is at local index floor(v / BLOCKS). */
interface Structure {
  /** CSR over the block's local nodes; targets are global node ids. */
  offsets: number[]
  targets: number[]
}
interface Block extends Structure {
  ranks: number[]
}
/** Rank sent to the nodes of one block: their local indices and the amounts. */
type Mass = [locals: number[], amounts: number[]]
type Message = Structure | Mass

const DAMPING = 0.85
const BLOCKS = 16

export function spread(record: [number, Block], emit: (block: number, message: Message) => void): void {
  const [b, { ranks, offsets, targets }] = record
  emit(b, { offsets, targets })
  const sums: Map<number, number>[] = Array.from({ length: BLOCKS }, () => new Map())
  for (let i = 0; i < ranks.length; i++) {
    const start = offsets[i]!
    const end = offsets[i + 1]!
    const share = ranks[i]! / (end - start)
    for (let j = start; j < end; j++) {
      const target = targets[j]!
      const sum = sums[target % BLOCKS]!
      const local = Math.floor(target / BLOCKS)
      sum.set(local, (sum.get(local) ?? 0) + share)
    }
  }
  sums.forEach((sum, block) => {
    if (sum.size > 0) emit(block, [[...sum.keys()], [...sum.values()]])
  })
}

function newRanks(messages: Message[]): Block {
  let structure: Structure = { offsets: [0], targets: [] }
  const masses: Mass[] = []
  for (const message of messages) {
    if (Array.isArray(message)) masses.push(message)
    else structure = message
  }
  const mass = new Float64Array(structure.offsets.length - 1)
  for (const [locals, amounts] of masses) {
    for (let i = 0; i < locals.length; i++) mass[locals[i]!]! += amounts[i]!
  }
  const ranks = Array.from(mass, (m) => 1 - DAMPING + DAMPING * m)
  return { ranks, offsets: structure.offsets, targets: structure.targets }
}

export function update(b: number, messages: Message[], emit: (block: number, state: Block) => void): void {
  emit(b, newRanks(messages))
}

export function finalRanks(
  b: number,
  messages: Message[],
  emit: (block: number, ranks: number[]) => void,
): void {
  emit(b, newRanks(messages).ranks)
}

export function byBlock(block: number, reducers: number): number {
  return block % reducers
}

export async function solve(graph: Graph): Promise<Float64Array> {
  const { nodes, offsets, targets } = graph
  const ranks = new Float64Array(nodes).fill(1)
  if (graph.iterations === 0) return ranks
  const blocks: [number, Block][] = Array.from({ length: BLOCKS }, (_, b) => [
    b,
    { ranks: [], offsets: [0], targets: [] },
  ])
  for (let v = 0; v < nodes; v++) {
    const block = blocks[v % BLOCKS]![1]
    block.ranks.push(1)
    for (let i = offsets[v]!; i < offsets[v + 1]!; i++) block.targets.push(targets[i]!)
    block.offsets.push(block.targets.length)
  }
  const reducers = mapreduce.size
  const splits: [number, Block][][] = Array.from({ length: reducers }, () => [])
  for (const block of blocks) splits[block[0] % reducers]!.push(block)
  const iteration = { reducers, map: 'spread', reduce: 'update', partition: 'byBlock' }
  const jobs = Array.from({ length: graph.iterations }, (_, i) => ({
    ...iteration,
    ...(i === 0 ? { input: splits } : {}),
    ...(i === graph.iterations - 1 ? { reduce: 'finalRanks' } : {}),
  }))
  const { output } = await mapreduce.chain<number, number[]>(jobs)
  for (const partition of output) {
    for (const [b, blockRanks] of partition) {
      for (let i = 0; i < blockRanks.length; i++) ranks[b + i * BLOCKS] = blockRanks[i]!
    }
  }
  return ranks
}
