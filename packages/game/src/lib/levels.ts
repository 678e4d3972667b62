/**
 * The level curve: each level needs 50 XP more than the one before, so reaching level L takes
 * 25 * L * (L - 1) XP in total (level 2 at 50, 3 at 150, 4 at 300, 10 at 2250).
 */
export function xpForLevel(level: number): number {
  return 25 * level * (level - 1)
}

export function levelOf(xp: number): number {
  // Solve 25 L (L - 1) <= xp for the largest integer L, then correct any floating-point edge.
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + (4 * Math.max(0, xp)) / 25)) / 2))
  while (xpForLevel(level + 1) <= xp) level++
  while (level > 1 && xpForLevel(level) > xp) level--
  return level
}

export interface LevelProgress {
  xp: number
  level: number
  /** Total XP at which this level started and the next one starts. */
  levelXp: number
  nextLevelXp: number
  /** Share of the way to the next level, 0..1. */
  progress: number
}

export function levelProgress(xp: number): LevelProgress {
  const level = levelOf(xp)
  const levelXp = xpForLevel(level)
  const nextLevelXp = xpForLevel(level + 1)
  return { xp, level, levelXp, nextLevelXp, progress: (xp - levelXp) / (nextLevelXp - levelXp) }
}
