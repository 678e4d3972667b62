import { createRng, defineTests, excerpt, fail, msg, type Rng } from '@arena/grader/authoring'

/** A directed graph in compressed sparse rows: node v links to targets[offsets[v]] … targets[offsets[v + 1] - 1]. */
interface Graph {
  nodes: number
  offsets: Int32Array
  targets: Int32Array
  iterations: number
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
function makeGraph(rng: Rng, nodes: number): Graph {
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
function pagerank(graph: Graph): Float64Array {
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

function graphOf(nodes: number, adjacency: number[][], iterations = ITERATIONS): Graph {
  const offsets = new Int32Array(nodes + 1)
  const links: number[] = []
  for (let v = 0; v < nodes; v++) {
    offsets[v] = links.length
    links.push(...(adjacency[v] ?? []))
  }
  offsets[nodes] = links.length
  return { nodes, offsets, targets: Int32Array.from(links), iterations }
}

export default defineTests<Graph, Float64Array>({
  generate(seed, size) {
    return makeGraph(createRng(seed), Math.max(2, size))
  },
  check(input, output) {
    if (!(output instanceof Float64Array) && !Array.isArray(output))
      return fail(
        msg({
          en: `expected a Float64Array (or an array) of ${input.nodes} ranks, got ${excerpt(output)}`,
          ko: `랭크 ${input.nodes}개의 Float64Array(또는 배열)여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    if (output.length !== input.nodes)
      return fail(
        msg({
          en: `expected ${input.nodes} ranks, got ${output.length}`,
          ko: `랭크가 ${input.nodes}개여야 하는데 ${output.length}개입니다`,
        }),
      )
    const expected = pagerank(input)
    for (let v = 0; v < input.nodes; v++) {
      const got = output[v] as unknown
      const want = expected[v]!
      if (typeof got !== 'number' || !(Math.abs(got - want) <= TOLERANCE * want)) {
        return fail(
          msg({
            en: `the rank of node ${v} is wrong (relative tolerance ${TOLERANCE})`,
            ko: `노드 ${v}의 랭크가 틀렸습니다(상대 허용 오차 ${TOLERANCE})`,
          }),
          {
            expected: String(want),
            actual: excerpt(got),
          },
        )
      }
    }
    return true
  },
  samples: [
    {
      name: 'four pages, one hub',
      input: graphOf(4, [[1, 2], [2], [0], [2]]),
    },
    { name: '30 seeded pages', seed: 1, size: 30 },
  ],
  hidden: [
    { name: 'two pages linking to each other', input: graphOf(2, [[1], [0]], 3) },
    { name: 'a cycle of 5', input: graphOf(5, [[1], [2], [3], [4], [0]]) },
    { name: 'a star: everyone links to the hub', input: graphOf(6, [[1], [0], [0], [0], [0], [0]]) },
    { name: 'one iteration', input: { ...makeGraph(createRng(9), 200), iterations: 1 } },
    { name: '3000 pages', seed: 2, size: 3000 },
  ],
  generated: { count: 3, sizes: [9, 400, 2500] },
  describe: (input) =>
    msg({
      en: `${input.nodes} pages, ${input.targets.length} links, ${input.iterations} iterations`,
      ko: `페이지 ${input.nodes}개, 링크 ${input.targets.length}개, 반복 ${input.iterations}번`,
    }),
})
