// @expect RuntimeError
// Reads the current centers from solve's variable inside the task's function, as a Spark closure
// would capture them: here the function runs in a worker isolate that never sees solve's variables,
// and the engine refuses it before any task runs, naming `centers` and this line. Pass the centers in
// env, the last argument, every iteration.
import { dataset } from 'arena:dataset'

interface Pings {
  file: string
  bytes: number
  centers: [number, number][]
  iterations: number
}

export async function solve(input: Pings): Promise<[number, number][]> {
  const points = dataset
    .read(input.file, { format: 'csv' })
    .map((fields): [number, number] => [Number(fields[3]), Number(fields[4])])
    .cache()
  let centers = input.centers.map(([lat, lon]): [number, number] => [lat, lon])
  for (let iteration = 0; iteration < input.iterations; iteration++) {
    const sums = await points
      .map(([lat, lon]): [number, [number, number, number]] => {
        let best = 0
        let bestD = Number.POSITIVE_INFINITY
        for (let j = 0; j < centers.length; j++) {
          const d = (lat - centers[j]![0]) ** 2 + (lon - centers[j]![1]) ** 2
          if (d < bestD) {
            bestD = d
            best = j
          }
        }
        return [best, [lat, lon, 1]]
      })
      .reduceByKey((a, b): [number, number, number] => [a[0] + b[0], a[1] + b[1], a[2] + b[2]])
      .collect()
    const next = centers.map((center): [number, number] => center)
    for (const [j, [lat, lon, n]] of sums) next[j] = [lat / n, lon / n]
    centers = next
  }
  return centers
}
