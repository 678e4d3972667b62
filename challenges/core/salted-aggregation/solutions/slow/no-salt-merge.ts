// Steps around the lesson with the strongest unsalted distinct count tried: no salt, and the serial
// part made as cheap as it goes. Each reading task sorts each track's listeners in its block (an
// Int32Array, natively) and sends them deduplicated, one record per track and block; groupByKey gives
// each track's one task its blocks' sorted lists, merged pairwise (repeats dropped as they merge).
// Correct, and it shuffles less than the reference; but the listeners are scattered nine-digit ids and
// most of the viral track's listeners play it once or twice, so a block's deduplication keeps nearly
// all of them, and one task still decodes and merges the viral track's ~270,000 listeners (on
// plays-300k) while each of the reference's sixteen tasks counts a sixteenth. It must stay below gold.
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

/** Two sorted lists of distinct numbers merged into one, without repeats. */
export function mergeUnique(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length)
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    if (x < y) {
      out[n++] = x
      i++
    } else if (y < x) {
      out[n++] = y
      j++
    } else {
      out[n++] = x
      i++
      j++
    }
  }
  while (i < a.length) out[n++] = a[i++]!
  while (j < b.length) out[n++] = b[j++]!
  return out.subarray(0, n)
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
    .groupByKey(input.slots)
    .map(([track, parts]): [string, number, number] => {
      let plays = 0
      let lists: Int32Array[] = []
      for (const [p, list] of parts) {
        plays += p
        lists.push(Int32Array.from(list))
      }
      while (lists.length > 1) {
        const next: Int32Array[] = []
        for (let i = 0; i + 1 < lists.length; i += 2) next.push(mergeUnique(lists[i]!, lists[i + 1]!))
        if (lists.length % 2 === 1) next.push(lists[lists.length - 1]!)
        lists = next
      }
      return [track, plays, lists[0]?.length ?? 0]
    })
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
