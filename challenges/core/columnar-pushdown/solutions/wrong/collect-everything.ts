// @expect RuntimeError
// @skips-lesson
// Filters in solve: collects the whole table and keeps the question's rows in a plain loop there.
// Correct on small files, but the largest file is larger than the main isolate's memory, and collect
// refuses a result past a quarter of it: the rows have to be filtered where they are read, in the
// engine (and better still, never read at all).
import { dataset } from 'arena:dataset'

interface Clicks {
  file: string
  bytes: number
  from: number
  to: number
  device: string
}

export async function solve(input: Clicks): Promise<[string, number, number][]> {
  const rows = await dataset
    .read<{ day: number; device: string; country: string; cents: number }>(input.file, { format: 'columnar' })
    .collect()
  const totals = new Map<string, [number, number]>()
  for (const row of rows) {
    if (row.day < input.from || row.day > input.to || row.device !== input.device) continue
    const t = totals.get(row.country) ?? [0, 0]
    totals.set(row.country, [t[0] + 1, t[1] + row.cents])
  }
  return [...totals]
    .map(([country, [events, cents]]): [string, number, number] => [country, events, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
