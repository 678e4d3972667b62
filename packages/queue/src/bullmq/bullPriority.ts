// BullMQ orders prioritized jobs by one integer from 1 (first) to 2^21. Ours are ordered by priority
// (higher first), then fair-share rank (lower first), then enqueue order (BullMQ keeps FIFO within
// one value). The integer packs both: 8 priority levels of 2^18 ranks each.

export const PRIORITY_LEVELS = 8
export const FAIR_RANK_SPAN = 2 ** 21 / PRIORITY_LEVELS

/**
 * Ranks start again at 0 whenever a class's queue runs empty; one that never empties for 262k jobs
 * saturates, and from then on its jobs go in enqueue order (still correct, only less fair).
 */
export function bullPriority(priority: number, rank: number): number {
  const level = Math.min(PRIORITY_LEVELS - 1, Math.max(0, Math.round(priority)))
  return (PRIORITY_LEVELS - 1 - level) * FAIR_RANK_SPAN + Math.min(rank, FAIR_RANK_SPAN - 1) + 1
}
