import { describe, expect, it } from 'vitest'
import { levelOf, levelProgress, xpForLevel } from './levels.ts'

describe('levels', () => {
  it('follows the curve: each level needs 50 XP more than the one before', () => {
    expect([1, 2, 3, 4, 10].map(xpForLevel)).toEqual([0, 50, 150, 300, 2250])
    for (let level = 2; level < 50; level++) {
      expect(xpForLevel(level + 1) - xpForLevel(level) - (xpForLevel(level) - xpForLevel(level - 1))).toBe(50)
    }
  })

  it('places XP at the boundaries exactly', () => {
    expect(levelOf(0)).toBe(1)
    expect(levelOf(49)).toBe(1)
    expect(levelOf(50)).toBe(2)
    expect(levelOf(149)).toBe(2)
    expect(levelOf(150)).toBe(3)
    expect(levelOf(-10)).toBe(1)
    for (let level = 1; level < 200; level++) {
      expect(levelOf(xpForLevel(level))).toBe(level)
      expect(levelOf(xpForLevel(level) - 1)).toBe(Math.max(1, level - 1))
    }
  })

  it('reports the way to the next level', () => {
    expect(levelProgress(100)).toEqual({ xp: 100, level: 2, levelXp: 50, nextLevelXp: 150, progress: 0.5 })
  })
})
