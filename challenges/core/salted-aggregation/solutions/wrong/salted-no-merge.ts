// @expect WrongAnswer
// Salts the key and counts each slice, but forgets the second aggregation: the viral track (and every
// other track with listeners in several slices) comes back once per slice, each row with a partial
// count. The slices' counts must be added up per track (a reduceByKey after the salted stage).
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

export const SALTS = 16

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const slices = await dataset
    .read(input.file)
    .map((line): [string, number] => {
      const fields = line.split(',')
      const listener = Number(fields[2])
      return [`${fields[3]},${listener % SALTS}`, listener]
    })
    .groupByKey(input.slots)
    .map(([slice, listeners]): [string, number, number] => [
      slice.slice(0, slice.lastIndexOf(',')),
      listeners.length,
      new Set(listeners).size,
    ])
    .collect()
  return slices.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
