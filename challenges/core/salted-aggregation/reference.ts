// Salting by the listener: a play of track t by listener l belongs to slice `l % SALTS` of t, so a
// track's listeners are cut into SALTS disjoint slices whose distinct counts add up exactly. A custom
// partitioner sends slice s of every track to partition s: the viral track's 16 slices land on the 16
// partitions, one each, and no task holds its listeners alone. Each reading task sends each partition
// one record, its slice of the block (the slice's tracks, each with the listeners of its plays), not a
// record per play. Each task of the salted stage counts its slice of every track; a second, small
// aggregation (reduceByKey, combined before its shuffle) adds up each track's partial counts.
import { dataset } from 'arena:dataset'

/** A play log file that only the dataset engine reads. */
interface PlayLog {
  file: string
  bytes: number
  slots: number
}

/**
 * Slices per track: the slot count (`input.slots`, 16), so the viral track's slices fill every slot
 * once. A constant, exported: the tasks run in the workers' own copies of this module.
 */
export const SALTS = 16

/** Slice s of one block: its tracks, and each one's listeners, one per play (repeats too). */
type Slice = [tracks: string[], listeners: number[][]]

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const stats = await dataset
    .read(input.file)
    .mapPartitions((lines): [number, Slice][] => {
      // Per slice: a track's place in the slice, and the listeners of its plays in the block.
      const places: Map<string, number>[] = []
      const lists: number[][][] = []
      for (let s = 0; s < SALTS; s++) {
        places.push(new Map())
        lists.push([])
      }
      for (const line of lines) {
        // Fields 2 and 3 (listener, track) by their commas: no array of seven strings per play.
        const a = line.indexOf(',', line.indexOf(',') + 1)
        const b = line.indexOf(',', a + 1)
        const listener = Number(line.slice(a + 1, b))
        const track = line.slice(b + 1, line.indexOf(',', b + 1))
        const s = listener % SALTS
        let k = places[s]!.get(track)
        if (k === undefined) {
          k = lists[s]!.length
          places[s]!.set(track, k)
          lists[s]!.push([])
        }
        lists[s]![k]!.push(listener)
      }
      return lists.map((slice, s): [number, Slice] => [s, [[...places[s]!.keys()], slice]])
    })
    // The custom partitioner: slice s of every block to partition s.
    .partitionBy(input.slots, (s, partitions) => s % partitions)
    .mapPartitions((blocks) => {
      // A partition holds whole slices: each track's listeners in them, every play's.
      const tracks = new Map<string, number[]>()
      for (const [, [names, lists]] of blocks) {
        for (let i = 0; i < names.length; i++) {
          let all = tracks.get(names[i]!)
          if (!all) {
            all = []
            tracks.set(names[i]!, all)
          }
          for (const listener of lists[i]!) all.push(listener)
        }
      }
      // Distinct listeners by sorting: nine-digit ids fit an Int32Array, sorted natively; a listener
      // is new where it differs from the one before.
      const counts: [string, [number, number]][] = []
      for (const [track, all] of tracks) {
        const sorted = Int32Array.from(all).sort()
        let distinct = sorted.length > 0 ? 1 : 0
        for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++
        counts.push([track, [all.length, distinct]])
      }
      return counts
    })
    // The second aggregation: a track's slices, added up (one value per track and task crosses). On 4
    // partitions: 16 would get 7 to 26 of the 250 tracks each (1.66x the mean load), 4 get 61 to 64.
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], 4)
    .map(([track, [plays, listeners]]): [string, number, number] => [track, plays, listeners])
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
