/**
 * When the last of these tasks would end on a cluster of `slots` task slots that starts them in order,
 * each on the first slot to come free (Hadoop's scheduler, one phase at a time): the slowest task when
 * there are no more tasks than slots, and never less than the tasks' total over the slots. Computed
 * from each task's measured CPU time and the challenge's `workers` (not the workers this machine
 * happened to start), so the clock is the same on a 2-core laptop and a 16-core grader.
 */
export function makespanNs(taskNs: readonly number[], slots: number): number {
  const free = new Array<number>(Math.max(1, Math.min(slots, taskNs.length))).fill(0)
  for (const ns of taskNs) {
    let first = 0
    for (let s = 1; s < free.length; s++) if ((free[s] ?? 0) < (free[first] ?? 0)) first = s
    free[first] = (free[first] ?? 0) + Math.max(0, ns)
  }
  return Math.max(0, ...free)
}
