import { dataset } from 'arena:dataset'

interface Pings {
  /** A CSV file only the engine reads (`dataset.read`): `ping,time,driver,lat,lon,speed,accuracy`. */
  file: string
  bytes: number
  centers: [number, number][]
  iterations: number
}

/** The index of the center nearest to (lat, lon); ties go to the lower index. Exported: tasks can call it. */
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
    // Each iteration builds its job from the file. Which part of it is the same every time?
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
    // TODO: move each center to the mean of its pings (sums holds [center, [lat sum, lon sum, count]]).
    void sums
    centers = centers.map((center): [number, number] => center)
  }
  return centers
}
