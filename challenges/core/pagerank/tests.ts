import {
  type CheckContext,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
  type Rng,
} from '@arena/grader/authoring'

/** A directed graph in compressed sparse rows: node v links to targets[offsets[v]] … targets[offsets[v + 1] - 1]. */
interface Csr {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
}

/**
 * The graph is a file that only the mapreduce engine reads, one JSON line `[page, [targets…]]` per
 * page, and the ranks are a file the last job's reducers write (`output: { file: input.ranks }`),
 * checked from that file. The largest graph is larger than solve's memory, so iterating in solve
 * (no engine, or an identity job piping the links back into solve) cannot reach the answer (issue 14,
 * class 8).
 */
interface Graph {
  file: string
  /** The file's size in bytes. */
  bytes: number
  nodes: number
  links: number
  iterations: number
  /** The file the ranks go to: one JSON line `[page, rank]` per page, in any order. */
  ranks: string
}

const ITERATIONS = 10
const DAMPING = 0.85
/** Out-degrees follow a power law (Pareto, this exponent), at least 1 and at most this many. */
const OUT_EXPONENT = 2.2
const MAX_OUT = 200
/** Share of links made by preferential attachment (to a node in proportion to its in-links). */
const PREFERENTIAL = 0.85
/** Relative tolerance of each rank: summation order differs between solutions, not much more. */
const TOLERANCE = 1e-9

/**
 * A web-like graph: nodes arrive one by one, each linking out to a power-law number of earlier nodes
 * (and a few later ones), mostly by preferential attachment, so in-degrees follow a power law too: a
 * few hubs collect most links. Every node links out at least once (no dangling nodes), never to itself
 * nor twice to the same node.
 */
function makeGraph(rng: Rng, nodes: number): Csr {
  const offsets = new Int32Array(nodes + 1)
  const links: number[] = []
  /** Every link's target so far: a uniform pick from it is preferential attachment. */
  const ends: number[] = []
  for (let v = 0; v < nodes; v++) {
    offsets[v] = links.length
    const want = Math.min(nodes - 1, MAX_OUT, Math.floor((1 - rng.float()) ** (-1 / (OUT_EXPONENT - 1))))
    const chosen = new Set<number>()
    for (let tries = 0; chosen.size < want && tries < want * 8; tries++) {
      const preferential = ends.length > 0 && rng.float() < PREFERENTIAL
      const target = preferential ? ends[rng.int(0, ends.length - 1)]! : rng.int(0, nodes - 1)
      if (target !== v) chosen.add(target)
    }
    if (chosen.size === 0) chosen.add((v + 1) % nodes)
    for (const target of chosen) {
      links.push(target)
      ends.push(target)
    }
  }
  offsets[nodes] = links.length
  return { nodes, offsets, targets: Int32Array.from(links), iterations: ITERATIONS }
}

/** Brin and Page's iteration, in node order: PR'(v) = (1 - d) + d * sum over u -> v of PR(u) / out(u). */
function pagerank(graph: Csr): Float64Array {
  const { nodes, offsets, targets } = graph
  const damping = DAMPING
  let rank = new Float64Array(nodes).fill(1)
  for (let it = 0; it < graph.iterations; it++) {
    const next = new Float64Array(nodes).fill(1 - damping)
    for (let u = 0; u < nodes; u++) {
      const start = offsets[u]!
      const end = offsets[u + 1]!
      const share = (damping * rank[u]!) / (end - start)
      for (let i = start; i < end; i++) next[targets[i]!]! += share
    }
    rank = next
  }
  return rank
}

function graphOf(nodes: number, adjacency: number[][], iterations = ITERATIONS): Csr {
  const offsets = new Int32Array(nodes + 1)
  const links: number[] = []
  for (let v = 0; v < nodes; v++) {
    offsets[v] = links.length
    links.push(...(adjacency[v] ?? []))
  }
  offsets[nodes] = links.length
  return { nodes, offsets, targets: Int32Array.from(links), iterations }
}

/**
 * Cases whose graph is drawn by hand or has its own iteration count: their seed picks them (a seed
 * below 100 is a generated web-like graph of `size` pages, ITERATIONS iterations).
 */
const SHAPES: Record<number, (size: number) => Csr> = {
  100: () => graphOf(4, [[1, 2], [2], [0], [2]]),
  101: () => graphOf(2, [[1], [0]], 3),
  102: () => graphOf(5, [[1], [2], [3], [4], [0]]),
  103: () => graphOf(6, [[1], [0], [0], [0], [0], [0]]),
  104: (size) => ({ ...makeGraph(createRng(9), size), iterations: 1 }),
  // The largest: more bytes than solve's memory, one iteration (the textbook job's time stays fair).
  105: (size) => ({ ...makeGraph(createRng(5), size), iterations: 1 }),
}

function csrOf(seed: number, size: number): Csr {
  const shape = SHAPES[seed]
  return shape ? shape(size) : makeGraph(createRng(seed), Math.max(2, size))
}

const encoder = new TextEncoder()

/** The file's bytes in chunks of about 1 MB, one `[page, [targets…]]` line per page. */
function* graphChunks(graph: Csr): Generator<Uint8Array> {
  let lines: string[] = []
  let chars = 0
  for (let v = 0; v < graph.nodes; v++) {
    const line = `[${v},[${graph.targets.subarray(graph.offsets[v], graph.offsets[v + 1]).join(',')}]]\n`
    lines.push(line)
    chars += line.length
    if (chars >= 2 ** 20) {
      yield encoder.encode(lines.join(''))
      lines = []
      chars = 0
    }
  }
  if (lines.length > 0) yield encoder.encode(lines.join(''))
}

/** A file's lines, chunk by chunk. */
function* fileLines(name: string, ctx: CheckContext): Generator<string> {
  const decoder = new TextDecoder()
  let rest = ''
  for (const chunk of ctx.files.chunks(name)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) if (line !== '') yield line
  }
  rest += decoder.decode()
  if (rest !== '') yield rest
}

/** The graph, read back from its file. */
function readGraph(input: Graph, ctx: CheckContext): Csr {
  const offsets = new Int32Array(input.nodes + 1)
  const targets = new Int32Array(input.links)
  let at = 0
  for (const line of fileLines(input.file, ctx)) {
    const [v, links] = JSON.parse(line) as [number, number[]]
    offsets[v] = at
    for (const t of links) targets[at++] = t
    offsets[v + 1] = at
  }
  return { nodes: input.nodes, offsets, targets, iterations: input.iterations }
}

export default defineTests<Graph, unknown>({
  generate(seed, size, ctx: GenerateContext) {
    const graph = csrOf(seed, size)
    let bytes = 0
    const file = ctx.files.write(
      'links.jsonl',
      (function* () {
        for (const chunk of graphChunks(graph)) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return {
      file,
      bytes,
      nodes: graph.nodes,
      links: graph.targets.length,
      iterations: graph.iterations,
      ranks: ctx.files.name('ranks.jsonl'),
    }
  },
  check(input, _output, ctx) {
    if (!ctx.files.exists(input.ranks))
      return fail(
        msg({
          en: `the ranks file ${input.ranks} does not exist: the last job writes it, with output: { file: input.ranks }`,
          ko: `랭크 파일 ${input.ranks}이(가) 없습니다. 마지막 잡이 output: { file: input.ranks }로 써야 합니다`,
        }),
      )
    const expected = pagerank(readGraph(input, ctx))
    const seen = new Uint8Array(input.nodes)
    let line = 0
    for (const text of fileLines(input.ranks, ctx)) {
      line++
      let pair: unknown
      try {
        pair = JSON.parse(text)
      } catch {
        pair = undefined
      }
      const v = Array.isArray(pair) ? (pair[0] as unknown) : undefined
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof v !== 'number' ||
        !Number.isInteger(v) ||
        v < 0 ||
        v >= input.nodes
      ) {
        return fail(
          msg({
            en: `line ${line} of ${input.ranks} is not a [page, rank] pair with a page from 0 to ${input.nodes - 1}: ${excerpt(text)}`,
            ko: `${input.ranks}의 ${line}번째 줄이 0부터 ${input.nodes - 1}까지의 페이지를 담은 [페이지, 랭크] 쌍이 아닙니다: ${excerpt(text)}`,
          }),
        )
      }
      if (seen[v])
        return fail(
          msg({
            en: `line ${line}: page ${v} has a line already (one line per page)`,
            ko: `${line}번째 줄: 페이지 ${v}의 줄이 이미 있습니다(페이지마다 한 줄)`,
          }),
        )
      seen[v] = 1
      const got = pair[1] as unknown
      const want = expected[v]!
      if (typeof got !== 'number' || !(Math.abs(got - want) <= TOLERANCE * want)) {
        return fail(
          msg({
            en: `the rank of page ${v} is wrong (relative tolerance ${TOLERANCE})`,
            ko: `페이지 ${v}의 랭크가 틀렸습니다(상대 허용 오차 ${TOLERANCE})`,
          }),
          { expected: String(want), actual: excerpt(got) },
        )
      }
    }
    const missing = seen.indexOf(0)
    if (missing >= 0)
      return fail(
        msg({
          en: `page ${missing} has no line in ${input.ranks} (one line per page, ${input.nodes} pages)`,
          ko: `페이지 ${missing}의 줄이 ${input.ranks}에 없습니다(페이지마다 한 줄, 페이지 ${input.nodes}개)`,
        }),
      )
    return true
  },
  samples: [
    { name: 'four pages, one hub', seed: 100, size: 4 },
    { name: '30 seeded pages', seed: 1, size: 30 },
  ],
  hidden: [
    { name: 'two pages linking to each other', seed: 101, size: 2 },
    { name: 'a cycle of 5', seed: 102, size: 5 },
    { name: 'a star: everyone links to the hub', seed: 103, size: 6 },
    { name: 'one iteration', seed: 104, size: 200 },
    { name: '3000 pages', seed: 2, size: 3000 },
    // About 15 MB of links (1.5 million), more than solve's 8 MB: the graph cannot pass through solve.
    { name: 'a graph larger than your memory', seed: 105, size: 400_000 },
  ],
  generated: { count: 3, sizes: [9, 400, 2500] },
  describe: (input) =>
    msg({
      en: `${input.nodes} pages, ${input.links} links, ${input.iterations} iterations, ${input.bytes} bytes`,
      ko: `페이지 ${input.nodes}개, 링크 ${input.links}개, 반복 ${input.iterations}번, ${input.bytes}바이트`,
    }),
})
