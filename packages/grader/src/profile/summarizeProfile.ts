import type { CpuProfile, CpuProfileNode } from '@arena/sandbox'
import type { CpuProfileSummary, HotLine, ProfileFrame } from '../types.ts'
import type { FrameNamer } from './FrameNamer.ts'

/** Ceilings of one summary: what a report can draw, and what a result can carry (boundResult.ts). */
export const PROFILE_LIMITS = {
  /** Frames under this share of the call are left out (their time stays in their parent's total). */
  minShare: 0.005,
  frames: 400,
  hotLines: 10,
  /** The summary as JSON; frames are halved until it fits. */
  bytes: 64 * 1024,
  nameChars: 80,
} as const

export const WAITING_FRAME = '(waiting)'
export const PLATFORM_FRAME = '(arena runtime)'

interface Builder {
  frame: ProfileFrame
  children: Map<string, Builder>
  depth: number
}

/**
 * A compact "where did the time go" of one profiled call: V8's call tree with frames named for the
 * learner (FrameNamer), identical stacks merged, small frames dropped, capped in count and bytes; and
 * the learner's lines with the most self time, mapped through the source map.
 */
export function summarizeProfile(
  capture: { profile: CpuProfile; intervalUs: number; wallNs: number; cpuNs?: number; cutAfterMs?: number },
  namer: FrameNamer,
  caseName: string,
): CpuProfileSummary {
  const { profile, intervalUs } = capture
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const { selfUs, waitingUs, samples } = sampleTimes(capture)
  const root: Builder = { frame: frame(-1, '(root)', 'runtime'), children: new Map(), depth: -1 }
  const lineUs = new Map<number, { us: number; function: string }>()

  const add = (parent: Builder, shown: Pick<ProfileFrame, 'name' | 'kind' | 'line'>, us: number): Builder => {
    const key = `${shown.kind}|${shown.name}|${shown.line ?? ''}`
    let child = parent.children.get(key)
    if (!child) {
      child = {
        frame: { parent: -1, ...shown, totalUs: 0, selfUs: 0 },
        children: new Map(),
        depth: parent.depth + 1,
      }
      parent.children.set(key, child)
    }
    child.frame.selfUs += us
    return child
  }

  // Iterative: a deep recursion in the learner's code is a deep profile tree.
  const stack: { node: CpuProfileNode; parent: Builder; engine?: { name: string; at: Builder } }[] = []
  const first = profile.nodes[0]
  if (first) stack.push({ node: first, parent: root })
  while (stack.length > 0) {
    const { node, parent, engine } = stack.pop() as (typeof stack)[number]
    const us = selfUs.get(node.id) ?? 0
    const shown = namer.classify(node, engine?.name)
    let under = parent
    let nextEngine = engine
    if (shown.as === 'platform') {
      if (us > 0) add(parent, { name: PLATFORM_FRAME, kind: 'runtime' }, us)
    } else if (shown.as === 'engineInternal') {
      if (engine) {
        engine.at.frame.selfUs += us
        under = engine.at
      }
    } else if (shown.as === 'frame') {
      under = add(parent, shown.frame, us)
      if (shown.frame.kind === 'engine')
        nextEngine = { name: shown.frame.name.split('.')[0] as string, at: under }
      if (shown.frame.kind === 'learner') countLines(node, us, shown.frame.name, namer, lineUs)
    }
    for (const id of node.children ?? []) {
      const child = byId.get(id)
      if (child) stack.push({ node: child, parent: under, engine: nextEngine })
    }
  }
  if (waitingUs > 0) add(root, { name: WAITING_FRAME, kind: 'runtime' }, waitingUs)

  const totalUs = sumTotals(root)
  const hotLines = [...lineUs]
    .sort((a, b) => b[1].us - a[1].us)
    .slice(0, PROFILE_LIMITS.hotLines)
    // The same floor as the frames': a line under it reads as 0%.
    .filter(([, spent]) => spent.us > 0 && spent.us >= totalUs * PROFILE_LIMITS.minShare)
    .map(
      ([line, spent]): HotLine => ({
        line,
        share: totalUs > 0 ? Math.min(1, spent.us / totalUs) : 0,
        selfUs: Math.round(spent.us),
        function: spent.function,
      }),
    )
  const base = {
    caseName,
    intervalUs,
    samples,
    totalUs: Math.round(totalUs),
    wallNs: capture.wallNs,
    ...(capture.cutAfterMs !== undefined ? { cutAfterMs: capture.cutAfterMs } : {}),
    hotLines,
  }
  let cap: number = PROFILE_LIMITS.frames
  for (;;) {
    const { frames, dropped } = trimmedFrames(root, totalUs, cap)
    const summary: CpuProfileSummary = { ...base, frames, droppedFrames: dropped }
    if (JSON.stringify(summary).length <= PROFILE_LIMITS.bytes || cap <= 1) return summary
    cap = Math.floor(cap / 2)
  }
}

/**
 * Each node's self time in µs and the time the call did not run. Samples count equally: the sampler
 * itself is starved on a busy machine, so the gaps between samples say nothing reliable. The call's
 * CPU time is shared out by sample count; its wall time beyond that is `(waiting)`: the thread
 * waited for a host callback (a disk read), an engine job (a pool map), or a CPU.
 */
function sampleTimes(capture: { profile: CpuProfile; intervalUs: number; wallNs: number; cpuNs?: number }): {
  selfUs: Map<number, number>
  waitingUs: number
  samples: number
} {
  const { profile, intervalUs } = capture
  const counts = new Map<number, number>()
  if (profile.samples) {
    for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1)
  } else {
    for (const node of profile.nodes) counts.set(node.id, node.hitCount ?? 0)
  }
  const samples = [...counts.values()].reduce((sum, count) => sum + count, 0)
  const runningUs = capture.cpuNs === undefined ? samples * intervalUs : capture.cpuNs / 1000
  const perSample = samples > 0 ? runningUs / samples : 0
  const selfUs = new Map([...counts].map(([id, count]) => [id, count * perSample]))
  const waitingUs = capture.cpuNs === undefined ? 0 : Math.max(0, (capture.wallNs - capture.cpuNs) / 1000)
  return { selfUs, waitingUs, samples }
}

/** Splits a learner node's self time over its lines by their ticks, on the learner's own lines. */
function countLines(
  node: CpuProfileNode,
  us: number,
  name: string,
  namer: FrameNamer,
  lineUs: Map<number, { us: number; function: string }>,
): void {
  const ticks = node.positionTicks ?? []
  const all = ticks.reduce((sum, tick) => sum + tick.ticks, 0)
  if (us <= 0 || all === 0) return
  for (const tick of ticks) {
    const line = namer.originalLine(tick.line)
    if (line === undefined) continue
    const spent = lineUs.get(line) ?? { us: 0, function: name }
    spent.us += (us * tick.ticks) / all
    lineUs.set(line, spent)
  }
}

function sumTotals(builder: Builder): number {
  let total = builder.frame.selfUs
  for (const child of builder.children.values()) total += sumTotals(child)
  builder.frame.totalUs = total
  return total
}

/**
 * The frames worth drawing: at least minShare of the call, at most `cap` of them, the biggest first (a
 * parent is never smaller than its child, so no kept frame loses its parent), listed parents first.
 */
function trimmedFrames(
  root: Builder,
  totalUs: number,
  cap: number,
): { frames: ProfileFrame[]; dropped: number } {
  const everyone: Builder[] = []
  const walk = (builder: Builder) => {
    for (const child of builder.children.values()) {
      everyone.push(child)
      walk(child)
    }
  }
  walk(root)
  const floor = totalUs * PROFILE_LIMITS.minShare
  const kept = new Set(
    everyone
      .filter((builder) => builder.frame.totalUs >= floor && builder.frame.totalUs > 0)
      .sort((a, b) => b.frame.totalUs - a.frame.totalUs || a.depth - b.depth)
      .slice(0, cap),
  )
  const frames: ProfileFrame[] = []
  const emit = (builder: Builder, parentIndex: number) => {
    const ordered = [...builder.children.values()].sort((a, b) => b.frame.totalUs - a.frame.totalUs)
    for (const child of ordered) {
      if (!kept.has(child)) continue
      frames.push({
        ...child.frame,
        parent: parentIndex,
        name: child.frame.name.slice(0, PROFILE_LIMITS.nameChars),
        totalUs: Math.round(child.frame.totalUs),
        selfUs: Math.round(child.frame.selfUs),
      })
      emit(child, frames.length - 1)
    }
  }
  emit(root, -1)
  return { frames, dropped: everyone.length - frames.length }
}

function frame(parent: number, name: string, kind: ProfileFrame['kind']): ProfileFrame {
  return { parent, name, kind, totalUs: 0, selfUs: 0 }
}
