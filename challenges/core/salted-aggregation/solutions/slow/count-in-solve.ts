// Steps around the lesson and around collect's limit: brings the [track, listener] pairs into solve in
// eight slices (by listener), each small enough to collect, and counts them in one Map of Sets there,
// where no task is skewed. Correct, and the slices' pairs fit the main isolate one at a time; but every
// pair is counted by solve's own CPU, which is on the critical path (issue 14, class 4), and the log is
// read eight times: it must stay below gold.
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const pairs = dataset.read(input.file).map((line): [string, number] => {
    const fields = line.split(',')
    return [fields[3]!, Number(fields[2])]
  })
  const stats = new Map<string, { plays: number; listeners: Set<number> }>()
  for (let slice = 0; slice < 8; slice++) {
    const part = await pairs.filter(([, listener], env) => listener % 8 === env, slice).collect()
    for (const [track, listener] of part) {
      const counts = stats.get(track) ?? { plays: 0, listeners: new Set<number>() }
      stats.set(track, counts)
      counts.plays++
      counts.listeners.add(listener)
    }
  }
  return [...stats]
    .map(([track, counts]): [string, number, number] => [track, counts.plays, counts.listeners.size])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
