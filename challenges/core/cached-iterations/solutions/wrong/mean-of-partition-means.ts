// @expect WrongAnswer
// Caches the points as the lesson asks, but has each partition send back its own cluster means and
// averages those in solve: a mean of means weighs a partition with 10 pings of a cluster like one with
// 3000. Send sums and counts, and divide once, in solve.
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
    const means = await points
      .mapPartitions(
        (part, env) => {
          const c = env.centers
          const sums = c.map(() => [0, 0, 0])
          for (const [lat, lon] of part) {
            let best = 0
            let bestD = Number.POSITIVE_INFINITY
            for (let j = 0; j < c.length; j++) {
              const d = (lat - c[j]![0]) ** 2 + (lon - c[j]![1]) ** 2
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
          return sums.flatMap(([lat, lon, n], j): [number, [number, number]][] =>
            n === 0 ? [] : [[j, [lat! / n!, lon! / n!]]],
          )
        },
        { centers },
      )
      .collect()
    centers = centers.map((center, j): [number, number] => {
      const mine = means.filter(([k]) => k === j)
      if (mine.length === 0) return center
      return [
        mine.reduce((sum, [, [lat]]) => sum + lat, 0) / mine.length,
        mine.reduce((sum, [, [, lon]]) => sum + lon, 0) / mine.length,
      ]
    })
  }
  return centers
}
