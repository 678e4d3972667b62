// The lesson's starting point: group every listener of a track, then count the group's plays and its
// distinct listeners. Correct; but one viral track has nine tenths of the plays, so one task of the
// grouping stage gets about 91% of the records while the other fifteen finish early, and the job waits
// for it.
import { dataset } from 'arena:dataset'

/** A play log file that only the dataset engine reads. */
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
      return [fields[3]!, Number(fields[2])]
    })
    .groupByKey(input.slots)
    .map(([track, listeners]): [string, number, number] => [track, listeners.length, new Set(listeners).size])
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
