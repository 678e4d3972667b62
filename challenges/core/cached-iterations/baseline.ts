// The lesson's starting point: k-means as a loop of jobs, each built from the file. Nothing is kept
// between actions, so every iteration reads the whole CSV from the file again, splits every line and
// parses its numbers, only to compute the same points as the iteration before.
import { dataset } from 'arena:dataset'

/** A CSV file only the engine reads, and the k-means procedure to run on it. */
interface Pings {
  file: string
  bytes: number
  centers: [number, number][]
  iterations: number
}

/** The index of the center nearest to (lat, lon); ties go to the lower index. */
export function nearest(lat: number, lon: number, centers: [number, number][]): number {
  let best = 0
  let bestD = Number.POSITIVE_INFINITY
  for (let j = 0; j < centers.length; j++) {
    const d = (lat - centers[j]![0]) ** 2 + (lon - centers[j]![1]) ** 2
    if (d < bestD) {
      bestD = d
      best = j
    }
  }
  return best
}

export async function solve(input: Pings): Promise<[number, number][]> {
  let centers = input.centers.map(([lat, lon]): [number, number] => [lat, lon])
  for (let iteration = 0; iteration < input.iterations; iteration++) {
    const sums = await dataset
      .read(input.file, { format: 'csv' })
      .map((fields): [number, number] => [Number(fields[3]), Number(fields[4])])
      .map(
        ([lat, lon], env): [number, [number, number, number]] => [
          nearest(lat, lon, env.centers),
          [lat, lon, 1],
        ],
        {
          centers,
        },
      )
      .reduceByKey((a, b): [number, number, number] => [a[0] + b[0], a[1] + b[1], a[2] + b[2]], dataset.size)
      .collect()
    const next = centers.map((center): [number, number] => center)
    for (const [j, [lat, lon, n]] of sums) next[j] = [lat / n, lon / n]
    centers = next
  }
  return centers
}
