// @expect WrongAnswer
// Salts with a random number, as one would to spread a sum: but a listener who played the track
// twice can land in two slices, each slice counts them once, and the partial counts add up to more
// than the distinct listeners (by a different amount on every run). Plays add up whatever the salt;
// a distinct count needs disjoint slices, so the salt must come from the listener.
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const stats = await dataset
    .read(input.file)
    .map((line): [string, number] => {
      const fields = line.split(',')
      return [`${fields[3]},${Math.floor(Math.random() * 16)}`, Number(fields[2])]
    })
    .groupByKey(input.slots)
    .map(([slice, listeners]): [string, [number, number]] => [
      slice.slice(0, slice.lastIndexOf(',')),
      [listeners.length, new Set(listeners).size],
    ])
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], input.slots)
    .map(([track, [plays, listeners]]): [string, number, number] => [track, plays, listeners])
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
