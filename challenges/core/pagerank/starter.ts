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
type Message = number | number[]

const DAMPING = 0.85

/** One page's line: ship its links to itself, and a share of its rank (1 at the start) to every page it links to. */
export function map(record: [number, number[]], emit: (node: number, message: Message) => void): void {
  const [node, links] = record
  emit(node, links)
  for (const target of links) emit(target, 1 / links.length)
}

/** One page with its links and the shares of rank sent to it: its new rank. */
export function reduce(node: number, messages: Message[], emit: (node: number, rank: number) => void): void {
  let mass = 0
  for (const message of messages) if (typeof message === 'number') mass += message
  emit(node, 1 - DAMPING + DAMPING * mass)
}

export async function solve(graph: Graph): Promise<void> {
  // TODO: `graph.iterations` iterations (mapreduce.chain, each job writing the state the next reads),
  // not one; then send less through the shuffle.
  await mapreduce.run({
    input: { file: graph.file, records: 'json' },
    reducers: mapreduce.size,
    output: { file: graph.ranks },
  })
}
