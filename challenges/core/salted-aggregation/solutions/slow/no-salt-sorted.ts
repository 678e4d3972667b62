// Steps around the lesson: no salt, and no task's own listeners are sent twice. Each reading task
// sorts each track's listeners in its block (an Int32Array, natively) and sends them deduplicated,
// one record per track and block; reduceByKey concatenates a track's lists, and the track's one task
// sorts them natively and counts the runs. Correct, and it shuffles less than the reference; but the
// listeners are scattered nine-digit ids, most of the viral track's listeners play it once or twice,
// so a block's deduplication keeps nearly all of them, and one task still sorts the viral track's
// ~225,000 listeners alone (on plays-300k) while the reference's sixteen tasks each count a sixteenth.
// It must stay below gold.
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
      const tracks = new Map<string, number[]>()
      for (const line of lines) {
        const a = line.indexOf(',', line.indexOf(',') + 1)
        const b = line.indexOf(',', a + 1)
        const track = line.slice(b + 1, line.indexOf(',', b + 1))
        let plays = tracks.get(track)
        if (!plays) {
          plays = []
          tracks.set(track, plays)
        }
        plays.push(Number(line.slice(a + 1, b)))
      }
      const out: [string, [number, number[]]][] = []
      for (const [track, plays] of tracks) {
        const sorted = Int32Array.from(plays).sort()
        const unique: number[] = []
        for (let i = 0; i < sorted.length; i++)
          if (i === 0 || sorted[i] !== sorted[i - 1]) unique.push(sorted[i]!)
        out.push([track, [plays.length, unique]])
      }
      return out
    })
    .reduceByKey((x, y): [number, number[]] => {
      for (const listener of y[1]) x[1].push(listener)
      return [x[0] + y[0], x[1]]
    }, input.slots)
    .map(([track, [plays, listeners]]): [string, number, number] => {
      const sorted = Int32Array.from(listeners).sort()
      let distinct = 0
      for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++
      return [track, plays, distinct]
    })
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
