import { describe, expect, it } from 'vitest'
import type { CpuProfile } from '../../api/types.ts'
import { flameLayout, neighbour } from './flameLayout.ts'

// Frames as the grader lists them (parents first, biggest first): solve calls spin and sort.
const profile: CpuProfile = {
  caseName: 'large',
  intervalUs: 100,
  samples: 1000,
  totalUs: 100_000,
  wallNs: 1e8,
  droppedFrames: 0,
  hotLines: [],
  frames: [
    { parent: -1, name: 'solve', kind: 'learner', line: 9, totalUs: 90_000, selfUs: 10_000 },
    { parent: 0, name: 'spin', kind: 'learner', line: 3, totalUs: 60_000, selfUs: 60_000 },
    { parent: 0, name: 'disk.read', kind: 'engine', totalUs: 20_000, selfUs: 20_000 },
    { parent: -1, name: '(garbage collector)', kind: 'runtime', totalUs: 10_000, selfUs: 10_000 },
  ],
}

describe('the flame graph layout', () => {
  it('puts callees beneath their caller, side by side from its start', () => {
    const { cells, top, depth } = flameLayout(profile)
    expect(depth).toBe(2)
    expect(top).toEqual([0, 3])
    expect(cells.map((cell) => [cell.depth, cell.start, cell.end])).toEqual([
      [0, 0, 90_000],
      [1, 0, 60_000],
      [1, 60_000, 80_000],
      [0, 90_000, 100_000],
    ])
  })

  it('walks the tree with the arrow keys', () => {
    const layout = flameLayout(profile)
    expect(neighbour(layout, 0, 'ArrowDown')).toBe(1)
    expect(neighbour(layout, 1, 'ArrowRight')).toBe(2)
    expect(neighbour(layout, 2, 'ArrowRight')).toBe(2)
    expect(neighbour(layout, 2, 'ArrowUp')).toBe(0)
    expect(neighbour(layout, 0, 'ArrowRight')).toBe(3)
    expect(neighbour(layout, 3, 'ArrowUp')).toBe(3)
  })
})
