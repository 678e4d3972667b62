// Steps around the lesson: no salt; each reading task deduplicates its own plays per track in a Set
// (mapPartitions), so one record per track and block crosses the shuffle, and reduceByKey
// concatenates a track's lists; the track's one task counts them in one Set. Correct, and on a log
// whose listeners repeat a lot it would come close to the reference; but the listeners are scattered
// nine-digit ids and most of the viral track's listeners play it once or twice, so each block's Set
// keeps nearly all of them, and one task builds a Set of the viral track's ~160,000 distinct
// listeners (on plays-300k) while the reference's sixteen tasks each build a sixteenth of it. It must
// stay below gold.
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const stats = await dataset
    .read(input.file)
    .mapPartitions((lines): [string, [number, number[]]][] => {
      const tracks = new Map<string, { plays: number; listeners: Set<number> }>()
      for (const line of lines) {
        const a = line.indexOf(',', line.indexOf(',') + 1)
        const b = line.indexOf(',', a + 1)
        const track = line.slice(b + 1, line.indexOf(',', b + 1))
        let counts = tracks.get(track)
        if (!counts) {
          counts = { plays: 0, listeners: new Set() }
          tracks.set(track, counts)
        }
        counts.plays++
        counts.listeners.add(Number(line.slice(a + 1, b)))
      }
      return [...tracks].map(([track, counts]): [string, [number, number[]]] => [
        track,
        [counts.plays, [...counts.listeners]],
      ])
    })
    .reduceByKey((x, y): [number, number[]] => {
      for (const listener of y[1]) x[1].push(listener)
      return [x[0] + y[0], x[1]]
    }, input.slots)
    .map(([track, [plays, listeners]]): [string, number, number] => [track, plays, new Set(listeners).size])
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
