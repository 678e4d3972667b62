import dagre from '@dagrejs/dagre'
import type { PerfCase } from '../../api/types.ts'

export type JobGraphs = NonNullable<PerfCase['submission']['jobGraphs']>
export type JobGraph = JobGraphs['jobs'][number]
export type StageNode = JobGraph['stages'][number]

/** A stage placed by the layout: its box's top-left corner and size, in SVG units. */
export interface PlacedStage {
  stage: StageNode
  x: number
  y: number
  width: number
  height: number
}

/** An edge from the stage whose output is read to the stage reading it, as a polyline. */
export interface PlacedEdge {
  from: number
  to: number
  points: { x: number; y: number }[]
}

export interface StageGraphLayout {
  width: number
  height: number
  stages: PlacedStage[]
  edges: PlacedEdge[]
}

/** Box size of a stage node: the lines StageDag draws in it (a title, transformations, counters). */
export const NODE_WIDTH = 240
export const LINE_HEIGHT = 16
const NODE_PADDING = 10

/** Lines of text in a node, so the layout leaves room for them. */
export function nodeLines(stage: StageNode): number {
  // Title, the shortened transformations, then up to three counter lines.
  return 2 + Math.min(3, counterLineCount(stage))
}

function counterLineCount(stage: StageNode): number {
  const c = stage.counters
  return (
    [c.inputRecords, c.shuffleReadBytes, c.shuffleWriteBytes].filter((value) => (value ?? 0) > 0).length || 1
  )
}

export function nodeHeight(stage: StageNode): number {
  return nodeLines(stage) * LINE_HEIGHT + 2 * NODE_PADDING
}

/**
 * The job's stages laid out top to bottom by dagre (a layered layout: each stage below every stage it
 * reads, crossings minimised), so a wide dependency reads as an edge down into the stage that shuffles.
 * A parent the result's caps left out has no node, and no edge.
 */
export function layoutStageGraph(job: JobGraph): StageGraphLayout {
  const graph = new dagre.graphlib.Graph()
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: 4, marginy: 4 })
  graph.setDefaultEdgeLabel(() => ({}))
  const ids = new Set(job.stages.map((stage) => stage.id))
  for (const stage of job.stages) {
    graph.setNode(String(stage.id), { width: NODE_WIDTH, height: nodeHeight(stage) })
  }
  for (const stage of job.stages) {
    for (const parent of stage.parents) {
      if (ids.has(parent)) graph.setEdge(String(parent), String(stage.id))
    }
  }
  dagre.layout(graph)
  const stages = job.stages.map((stage) => {
    const node = graph.node(String(stage.id))
    // dagre answers centres; SVG boxes start at their corner.
    return {
      stage,
      x: node.x - node.width / 2,
      y: node.y - node.height / 2,
      width: node.width,
      height: node.height,
    }
  })
  const edges = graph.edges().map((edge) => ({
    from: Number(edge.v),
    to: Number(edge.w),
    points: graph.edge(edge).points ?? [],
  }))
  const size = graph.graph()
  return { width: size.width ?? NODE_WIDTH, height: size.height ?? 0, stages, edges }
}
