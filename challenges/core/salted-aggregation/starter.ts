import { dataset } from 'arena:dataset'

interface PlayLog {
  /** A file only the engine reads: `dataset.read(input.file)` gives its lines, `time,session,listener,track,country,device,ms`. */
  file: string
  bytes: number
  /** The cluster's task slots (16). */
  slots: number
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  // Narrow: parsing runs in the tasks, record by record; nothing happens until an action.
  const plays = dataset.read(input.file).map((line): [string, number] => {
    const fields = line.split(',')
    return [fields[3]!, Number(fields[2])]
  })
  // TODO: per track, its plays and its distinct listeners. One track has most of the plays: look at
  // partitionSkew and slowestTaskNs in dataset.lastJob() and split that track's work over every slot.
  const counts = await plays
    .map(([track]): [string, number] => [track, 1])
    .reduceByKey((a, b) => a + b, input.slots)
    .collect()
  return counts
    .map(([track, count]): [string, number, number] => [track, count, 0])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
