// Salting: the first job keys each view by (page, salt) where the salt is the visitor's id modulo the
// reducer count, so one page's visitors are cut into disjoint slices and the distinct counts of the
// slices add up exactly. A partitioner sends salt s of a page to reducer (hash(page) + s) mod R: the
// home page's slices land on R different reducers, not wherever their hashes collide. A second job
// (chained, on the first one's output) sums each page's R partial counts: a few records per page.
import { mapreduce } from 'arena:mapreduce'

type View = [page: string, visitor: number]
interface Traffic {
  /** A file only the engine reads: one view per line, as JSON (`records: 'json'` gives each as a View). */
  views: string
  /** The cluster's reduce slots (8): more reducers than this queue for them. */
  reducers: number
}
type Slice = [page: string, salt: number]

/**
 * Slices per page: the cluster's reduce slots (`input.reducers`, 8). A constant, because the map runs
 * in the workers' own copies of this module; any count would be correct, this one is even.
 */
const SALTS = 8

/**
 * 256 KiB splits: a few dozen map tasks that fill the 8 slots evenly (the map phase is charged as the
 * slots run it; the default 1 MiB block leaves 9 tasks on 8 slots, the last one alone). Much smaller
 * splits only add each task's start to the clock.
 */
const SPLIT_BYTES = 256 * 1024

function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

export function saltedMap(view: View, emit: (slice: Slice, visitor: number) => void): void {
  emit([view[0], view[1] % SALTS], view[1])
}

export function spread(slice: Slice, reducers: number): number {
  return (hash(slice[0]) + slice[1]) % reducers
}

export function countSlice(
  slice: Slice,
  visitors: number[],
  emit: (page: string, count: number) => void,
): void {
  emit(slice[0], new Set(visitors).size)
}

export function pass(record: [string, number], emit: (page: string, count: number) => void): void {
  emit(record[0], record[1])
}

export function sum(page: string, counts: number[], emit: (page: string, count: number) => void): void {
  let total = 0
  for (const count of counts) total += count
  emit(page, total)
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const { output } = await mapreduce.chain<string, number>([
    {
      input: { file: input.views, records: 'json', splitBytes: SPLIT_BYTES },
      reducers: input.reducers,
      map: 'saltedMap',
      partition: 'spread',
      reduce: 'countSlice',
    },
    { reducers: input.reducers, map: 'pass', combine: 'sum', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
