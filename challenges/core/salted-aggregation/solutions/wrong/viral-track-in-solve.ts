// @expect MemoryLimit
// @skips-lesson
// Moves the viral track's work out of the tasks into solve: a first job counts every track's plays
// (and so finds the viral one), the tasks count the other tracks' distinct listeners as the baseline
// does, and the viral track's listeners come back to solve (deduplicated in each task) to be counted in
// one Set. No stage is skewed, and on the perf sizes it would only trade the slowest task for solve's
// own CPU, which is on the critical path too (issue 14, class 4); on the log larger than the memory
// limit, the viral track's listeners alone do not fit the main isolate.
import { dataset } from 'arena:dataset'

interface PlayLog {
  file: string
  bytes: number
  slots: number
}

export async function solve(input: PlayLog): Promise<[string, number, number][]> {
  const pairs = dataset
    .read(input.file)
    .map((line): [string, number] => {
      const fields = line.split(',')
      return [fields[3]!, Number(fields[2])]
    })
    .cache()
  const plays = await pairs
    .map(([track]): [string, number] => [track, 1])
    .reduceByKey((a, b) => a + b, input.slots)
    .collect()
  let viral = plays[0]
  for (const row of plays) if (viral && row[1] > viral[1]) viral = row
  if (!viral) return []
  const others = await pairs
    .filter(([track], hot) => track !== hot, viral[0])
    .groupByKey(input.slots)
    .map(([track, listeners]): [string, number, number] => [track, listeners.length, new Set(listeners).size])
    .collect()
  const listeners = await pairs
    .filter(([track], hot) => track === hot, viral[0])
    .mapPartitions((hot) => new Set(hot.map(([, listener]) => listener)))
    .collect()
  others.push([viral[0], viral[1], new Set(listeners).size])
  return others.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
