// @expect RuntimeError
// Divides every center's sums by its count, even when no ping chose that center: 0 / 0 is NaN. The
// next iteration hands the centers to the tasks in env, which refuses NaN (not a JSON value) and names
// the path. The procedure keeps an empty cluster's center where it is.
import { dataset } from 'arena:dataset'

interface Pings {
  file: string
  bytes: number
  centers: [number, number][]
  iterations: number
}

export async function solve(input: Pings): Promise<[number, number][]> {
  const points = dataset
    .read(input.file)
    .mapPartitions((lines) => {
      const packed: number[] = new Array(lines.length * 2)
      for (let i = 0; i < lines.length; i++) {
        const fields = lines[i]!.split(',')
        packed[2 * i] = Number(fields[3])
        packed[2 * i + 1] = Number(fields[4])
      }
      return [packed]
    })
    .cache()
  let centers = input.centers.map(([lat, lon]): [number, number] => [lat, lon])
  for (let iteration = 0; iteration < input.iterations; iteration++) {
    const partials = await points
      .map(
        (packed, env) => {
          const c = env.centers
          const sums: number[] = new Array(c.length * 3).fill(0)
          for (let p = 0; p < packed.length; p += 2) {
            let best = 0
            let bestD = Number.POSITIVE_INFINITY
            for (let j = 0; j < c.length; j++) {
              const d = (packed[p]! - c[j]![0]) ** 2 + (packed[p + 1]! - c[j]![1]) ** 2
              if (d < bestD) {
                bestD = d
                best = j
              }
            }
            sums[3 * best]! += packed[p]!
            sums[3 * best + 1]! += packed[p + 1]!
            sums[3 * best + 2]! += 1
          }
          return sums
        },
        { centers },
      )
      .collect()
    centers = centers.map((_, j): [number, number] => {
      let lat = 0
      let lon = 0
      let n = 0
      for (const sums of partials) {
        lat += sums[3 * j]!
        lon += sums[3 * j + 1]!
        n += sums[3 * j + 2]!
      }
      return [lat / n, lon / n]
    })
  }
  return centers
}
