import { mapreduce } from 'arena:mapreduce'

interface Spin {
  seed: number
  keys: number
  work: number
}

export function map(record: [number, number, number], emit: (key: number, job: number[]) => void): void {
  emit(record[1], record)
}

export function byKey(key: number, reducers: number): number {
  return key % reducers
}

/** One key per reducer: the reducers spin side by side, so the critical path is one key's work. */
export function reduce(key: number, jobs: number[][], emit: (key: number, value: number) => void): void {
  const [seed, , work] = jobs[0] as number[]
  let x = ((seed as number) + key) | 0
  for (let i = 0; i < (work as number); i++) x = (Math.imul(x, 1103515245) + 12345) | 0
  emit(key, x & 0xffff)
}

export async function solve(input: Spin): Promise<number> {
  const records = Array.from({ length: input.keys }, (_, key) => [[input.seed, key, input.work]])
  const { output } = await mapreduce.run<number, number>({
    input: records,
    reducers: input.keys,
    partition: 'byKey',
  })
  return output.flat().reduce((sum, [, value]) => sum + value, 0)
}
