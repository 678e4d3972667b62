// Salting: the first shuffle keys each play by its track and a salt taken from the listener
// (`track,listener % SALTS`), so a track's listeners are cut into disjoint slices whose distinct
// counts add up exactly. A custom partitioner sends salt s of a track to partition
// (hash(track) + s) mod P: the viral track's 16 slices land on the 16 partitions, one each, instead of
// wherever their hashes collide. Each task counts its slices' plays and distinct listeners; a second,
// small aggregation (reduceByKey, combined before its shuffle) adds up each track's partial counts.
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

/** FNV-1a of the track's name: where its first slice goes. */
export function hash(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return h >>> 0
}

/** The partitioner: slice `track,salt` goes `salt` partitions past the track's own. */
export function spread(slice: string, partitions: number): number {
  const comma = slice.lastIndexOf(',')
  return (hash(slice.slice(0, comma)) + Number(slice.slice(comma + 1))) % partitions
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const stats = await dataset
    .read(input.file)
    .map((line): [string, number] => {
      // Fields 2 and 3 (listener, track) by their commas: no array of seven strings per play.
      const a = line.indexOf(',', line.indexOf(',') + 1)
      const b = line.indexOf(',', a + 1)
      const listener = Number(line.slice(a + 1, b))
      return [`${line.slice(b + 1, line.indexOf(',', b + 1))},${listener % SALTS}`, listener]
    })
    .partitionBy(input.slots, (slice, partitions) => spread(slice, partitions))
    .mapPartitions((plays) => {
      // A partition holds whole slices: each slice's plays and distinct listeners.
      const slices = new Map<string, { plays: number; listeners: Set<number> }>()
      for (const [slice, listener] of plays) {
        let counts = slices.get(slice)
        if (!counts) {
          counts = { plays: 0, listeners: new Set() }
          slices.set(slice, counts)
        }
        counts.plays++
        counts.listeners.add(listener)
      }
      return [...slices].map(([slice, counts]): [string, [number, number]] => [
        slice.slice(0, slice.lastIndexOf(',')),
        [counts.plays, counts.listeners.size],
      ])
    })
    // The second aggregation: a track's slices, added up (one value per track and task crosses).
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], input.slots)
    .map(([track, [plays, listeners]]): [string, number, number] => [track, plays, listeners])
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
