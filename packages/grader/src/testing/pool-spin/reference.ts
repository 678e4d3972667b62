import { pool } from 'arena:pool'

interface Task {
  seed: number
  task: number
  work: number
}

export function spin({ seed, task, work }: Task): number {
  let x = (seed + task) | 0
  for (let i = 0; i < work; i++) x = (Math.imul(x, 1103515245) + 12345) | 0
  return x & 0xffff
}

export async function solve(input: { seed: number; tasks: number; work: number }): Promise<number> {
  const tasks = Array.from({ length: input.tasks }, (_, task) => ({
    seed: input.seed,
    task,
    work: input.work,
  }))
  const totals = (await pool.map('spin', tasks)) as number[]
  return totals.reduce((sum, value) => sum + value, 0)
}
