// The lesson's starting point: the textbook PageRank job, one per iteration, chained. Each node's state
// is an object, every message a tagged object, every share of rank crosses the shuffle on its own,
// and one reducer does all the work. Each job's reducer writes the state file the next job reads (the
// graph is larger than solve's memory); the last one writes the ranks. Correct; the shuffle is the cost.
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
type State = { rank: number; links: number[] }
type Message = { kind: 'links'; links: number[] } | { kind: 'mass'; mass: number }

const DAMPING = 0.85

/** A line of the links file (every rank 1) or of the previous job's state file. */
export function map(
  record: [number, number[] | State],
  emit: (node: number, message: Message) => void,
): void {
  const [node, value] = record
  const state = Array.isArray(value) ? { rank: 1, links: value } : value
  emit(node, { kind: 'links', links: state.links })
  for (const target of state.links) emit(target, { kind: 'mass', mass: state.rank / state.links.length })
}

function update(messages: Message[]): State {
  let mass = 0
  let links: number[] = []
  for (const message of messages) {
    if (message.kind === 'mass') mass += message.mass
    else links = message.links
  }
  return { rank: 1 - DAMPING + DAMPING * mass, links }
}

export function reduce(node: number, messages: Message[], emit: (node: number, state: State) => void): void {
  emit(node, update(messages))
}

export function finish(node: number, messages: Message[], emit: (node: number, rank: number) => void): void {
  emit(node, update(messages).rank)
}

export async function solve(graph: Graph): Promise<void> {
  // A map task may emit 1 MB, and a share of rank is ~50 characters per link: 64 KiB splits.
  let input = graph.file
  for (let i = 0; i < graph.iterations; i++) {
    const last = i === graph.iterations - 1
    const output = last ? graph.ranks : `state-${i % 2}`
    await mapreduce.run({
      input: { file: input, records: 'json', splitBytes: 65536 },
      reducers: 1,
      ...(last ? { reduce: 'finish' } : {}),
      output: { file: output },
    })
    input = output
  }
}
