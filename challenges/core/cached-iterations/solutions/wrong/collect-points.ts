// @expect RuntimeError
// @skips-lesson
// Reads the file once by collecting every parsed point into solve, then runs k-means there with plain
// loops. Correct on small files, but the largest file's points do not fit the main isolate, and
// collect refuses a result past a quarter of its memory: keep the points in the engine (cache them).
import { dataset } from 'arena:dataset'

interface Pings {
  file: string
  bytes: number
  centers: [number, number][]
  iterations: number
}

export async function solve(input: Pings): Promise<[number, number][]> {
  const points = await dataset
    .read(input.file, { format: 'csv' })
    .map((fields): [number, number] => [Number(fields[3]), Number(fields[4])])
    .collect()
  let centers = input.centers.map(([lat, lon]): [number, number] => [lat, lon])
  for (let iteration = 0; iteration < input.iterations; iteration++) {
    const sums = centers.map(() => [0, 0, 0])
    for (const [lat, lon] of points) {
      let best = 0
      let bestD = Number.POSITIVE_INFINITY
      for (let j = 0; j < centers.length; j++) {
        const d = (lat - centers[j]![0]) ** 2 + (lon - centers[j]![1]) ** 2
        if (d < bestD) {
          bestD = d
          best = j
        }
      }
      const s = sums[best]!
      s[0]! += lat
      s[1]! += lon
      s[2]! += 1
    }
    centers = centers.map((center, j): [number, number] => {
      const [lat, lon, n] = sums[j]!
      return n === 0 ? center : [lat! / n!, lon! / n!]
    })
  }
  return centers
}
