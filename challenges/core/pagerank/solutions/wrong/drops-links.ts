// @expect WrongAnswer
// Ships only the shares of rank, not the links: the reducer has the new rank but not the node's
// out-links, so from the second iteration on no node has anywhere to send its rank.
import { type Job, mapreduce } from 'arena:mapreduce'

/** The links: a file only the engine reads, one `[page, [targets…]]` line per page. */
interface Graph {
  file: string
  bytes: number
  nodes: number
  links: number
  iterations: number
  ranks: string
}
type State = [rank: number, links: number[]]
type Message = number | number[]

const DAMPING = 0.85

/** A line of the links file (`[page, links]`, every rank 1) or of the previous state file. */
function stateOf(value: number[] | State): State {
  return Array.isArray(value[1]) ? (value as State) : [1, value as number[]]
}

function newRank(messages: Message[]): State {
  let mass = 0
  let links: number[] = []
  for (const message of messages) {
    if (typeof message === 'number') mass += message
    else links = message
  }
  return [1 - DAMPING + DAMPING * mass, links]
}

export function update(node: number, messages: Message[], emit: (node: number, state: State) => void): void {
  emit(node, newRank(messages))
}

export function finish(node: number, messages: Message[], emit: (node: number, rank: number) => void): void {
  emit(node, newRank(messages)[0])
}

/**
 * `count` jobs, one after another: the first reads the links file, each writes the state the next
 * reads, the last the ranks (64 KiB splits: a map task may emit 1 MB).
 */
async function runJobs(
  graph: Graph,
  count: number,
  job: Job,
  first = graph.file,
  finish = 'finish',
): Promise<void> {
  let input = first
  for (let i = 0; i < count; i++) {
    const last = i === count - 1
    const output = last ? graph.ranks : `state-${i % 2}`
    await mapreduce.run({
      ...job,
      input: { file: input, records: 'json', splitBytes: 65536 },
      ...(last ? { reduce: finish } : {}),
      output: { file: output },
    })
    input = output
  }
}

export function spread(
  record: [number, number[] | State],
  emit: (node: number, message: Message) => void,
): void {
  const [rank, links] = stateOf(record[1])
  for (const target of links) emit(target, rank / links.length)
}

export async function solve(graph: Graph): Promise<void> {
  await runJobs(graph, graph.iterations, { reducers: 2, map: 'spread', reduce: 'update' })
}
