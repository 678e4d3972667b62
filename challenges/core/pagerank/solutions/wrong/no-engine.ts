// @expect WrongAnswer
// @skips-lesson
// Skips the engine: Brin and Page's loop over typed arrays in solve, which scored 10x the reference
// (gold) when solve was handed the graph as offsets and targets. Now the graph is a file only the
// engine's map tasks read and the ranks are a file only a job's reducers write: solve has the names
// and nothing to iterate over (issue 14, class 8).
interface Graph {
  file: string
  bytes: number
  nodes: number
  links: number
  iterations: number
  ranks: string
}

export async function solve(graph: Graph): Promise<Float64Array> {
  // The old input shape handed solve the graph; now there is none to read.
  const { offsets, targets } = graph as unknown as { offsets?: Int32Array; targets?: Int32Array }
  let rank = new Float64Array(graph.nodes).fill(1)
  if (!offsets || !targets) return rank
  for (let it = 0; it < graph.iterations; it++) {
    const next = new Float64Array(graph.nodes).fill(0.15)
    for (let u = 0; u < graph.nodes; u++) {
      const share = (0.85 * rank[u]!) / (offsets[u + 1]! - offsets[u]!)
      for (let i = offsets[u]!; i < offsets[u + 1]!; i++) next[targets[i]!]! += share
    }
    rank = next
  }
  return rank
}
