// @expect RuntimeError
// @skips-lesson
// Uses the engine only to parse: collects every [track, listener] pair into solve and counts there
// with Maps and Sets, where no task is skewed. Correct on small logs, but the largest log does not fit
// the main isolate's memory, and collect refuses a result past a quarter of it: the counting has to
// happen in the tasks, and there the viral track has to be split.
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const pairs = await dataset
    .read(input.file)
    .map((line): [string, number] => {
      const fields = line.split(',')
      return [fields[3]!, Number(fields[2])]
    })
    .collect()
  const stats = new Map<string, { plays: number; listeners: Set<number> }>()
  for (const [track, listener] of pairs) {
    const counts = stats.get(track) ?? { plays: 0, listeners: new Set<number>() }
    stats.set(track, counts)
    counts.plays++
    counts.listeners.add(listener)
  }
  return [...stats]
    .map(([track, counts]): [string, number, number] => [track, counts.plays, counts.listeners.size])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
