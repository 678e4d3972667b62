// @expect RuntimeError
// A custom partitioner that places slice s of a track at hash(track) + s but forgets the modulo: it
// returns partition numbers past the last one, and the engine stops the task with a RangeError that
// names partitionBy, the key and the range (0 to partitions - 1).
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

export const SALTS = 16

export function spread(slice: string, partitions: number): number {
  const comma = slice.lastIndexOf(',')
  return (slice.length % partitions) + Number(slice.slice(comma + 1))
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const stats = await dataset
    .read(input.file)
    .map((line): [string, number] => {
      const fields = line.split(',')
      const listener = Number(fields[2])
      return [`${fields[3]},${listener % SALTS}`, listener]
    })
    .partitionBy(input.slots, (slice, partitions) => spread(slice, partitions))
    .mapPartitions((plays) => {
      const slices = new Map<string, { plays: number; listeners: Set<number> }>()
      for (const [slice, listener] of plays) {
        const counts = slices.get(slice) ?? { plays: 0, listeners: new Set<number>() }
        slices.set(slice, counts)
        counts.plays++
        counts.listeners.add(listener)
      }
      return [...slices].map(([slice, counts]): [string, [number, number]] => [
        slice.slice(0, slice.lastIndexOf(',')),
        [counts.plays, counts.listeners.size],
      ])
    })
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], input.slots)
    .map(([track, [plays, listeners]]): [string, number, number] => [track, plays, listeners])
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
