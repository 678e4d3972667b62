// Until packages/game exists: xp is the sum of the xp of accepted challenges, and each level needs
// 50 xp more than the one before (level 2 at 50, 3 at 150, 4 at 300, ...).

export function levelOf(xp: number): number {
  let level = 1
  let needed = 50
  let remaining = xp
  while (remaining >= needed) {
    remaining -= needed
    level++
    needed += 50
  }
  return level
}
