// PageRank as a chain of jobs, one per iteration, on a partitioned graph (Lin and Dyer, "Data-Intensive
// Text Processing with MapReduce", ch. 5: in-mapper combining and partitioning the graph). The textbook
// job ships one pair per link and one per node every iteration; here a record is a whole **block** of
// the graph (node v belongs to block v % BLOCKS), so:
// - a first job gathers each block's structure from the links file (the file only the engine reads);
// - the map of a block adds up, in memory, the rank its nodes send to each node of each other block
//   (in-mapper combining: hubs receive many links, and they collapse here), then emits one message per
//   target block: [local indices, amounts];
// - a block's structure goes to itself once, as flat arrays (offsets and targets), not one array per node;
// - a partitioner spreads the blocks evenly over one reducer per worker, and the last iteration's
//   reducers write each page's rank.
// Every job's reducers write their output as a file (`output: { file }`) that the next job reads, as
// Hadoop's iterations do: the graph is larger than solve's memory and never passes through solve.
import { mapreduce } from 'arena:mapreduce'

/** The links: a file only the engine reads, one `[page, [targets…]]` line per page. */
interface Graph {
  file: string
  bytes: number
  nodes: number
  links: number
  iterations: number
  /** The file the ranks go to, one `[page, rank]` line per page. */
  ranks: string
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
const BLOCKS = 128

export function toBlock(
  record: [number, number[]],
  emit: (block: number, node: [number, number[]]) => void,
): void {
  emit(record[0] % BLOCKS, record)
}

/** A block's nodes in order, every rank 1. */
export function gather(
  b: number,
  nodes: [number, number[]][],
  emit: (block: number, state: Block) => void,
): void {
  nodes.sort((x, y) => x[0] - y[0])
  const block: Block = { ranks: [], offsets: [0], targets: [] }
  for (const [, links] of nodes) {
    for (const target of links) block.targets.push(target)
    block.offsets.push(block.targets.length)
    block.ranks.push(1)
  }
  emit(b, block)
}

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

/** The last iteration: each page's rank, one line per page. */
export function finalRanks(b: number, messages: Message[], emit: (page: number, rank: number) => void): void {
  const { ranks } = newRanks(messages)
  for (let i = 0; i < ranks.length; i++) emit(b + i * BLOCKS, ranks[i]!)
}

export function byBlock(block: number, reducers: number): number {
  return block % reducers
}

export async function solve(graph: Graph): Promise<void> {
  const reducers = mapreduce.size
  const iteration = { reducers, map: 'spread', reduce: 'update', partition: 'byBlock' }
  await mapreduce.chain([
    {
      input: { file: graph.file, records: 'json' },
      reducers,
      map: 'toBlock',
      reduce: 'gather',
      partition: 'byBlock',
      output: { file: 'blocks-0' },
    },
    // Two state files in turn: writing one again replaces it, so the disk holds two iterations at most.
    ...Array.from({ length: graph.iterations }, (_, i) =>
      i === graph.iterations - 1
        ? { ...iteration, reduce: 'finalRanks', output: { file: graph.ranks } }
        : { ...iteration, output: { file: `blocks-${(i + 1) % 2}` } },
    ),
  ])
}
