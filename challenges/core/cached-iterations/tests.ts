import {
  type CheckContext,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'

/**
 * Taxi GPS pings as a CSV file that only the dataset engine reads, and a fixed k-means procedure
 * (initial centers, iterations) that `check` replays. The largest file is larger than the isolate's
 * memory limit, so the engine is the only way to the centers (issue 14, class 8).
 */
interface Pings {
  /** Lines `ping,time,driver,lat,lon,speed,accuracy`: the position is fields 3 and 4 (from 0). */
  file: string
  /** The file's size in bytes. */
  bytes: number
  /** The initial centers, [lat, lon] each. */
  centers: [number, number][]
  /** How many k-means iterations to run. */
  iterations: number
}

type Centers = [number, number][]

const K = 6
const ITERATIONS = 8
const encoder = new TextEncoder()

/** Pings around K hot spots of a city (Gaussian blobs), in chunks of about 1 MB. */
function* pingChunks(seed: number, count: number): Generator<Uint8Array> {
  const rng = createRng(seed)
  const spots = Array.from({ length: K }, () => [37.45 + rng.float() * 0.2, 126.9 + rng.float() * 0.25])
  let chunk: string[] = []
  let chars = 0
  let time = Date.UTC(2026, 11, 1, 6)
  for (let i = 0; i < count; i++) {
    time += rng.int(0, 900)
    const spot = spots[rng.int(0, K - 1)]!
    const spread = 0.01 + 0.02 * (i % 3)
    const lat = spot[0]! + rng.normal() * spread
    const lon = spot[1]! + rng.normal() * spread
    const line =
      `p${10_000_000 + i},${new Date(time).toISOString()},d${String(rng.int(0, 4999)).padStart(5, '0')},` +
      `${lat.toFixed(6)},${lon.toFixed(6)},${(rng.float() * 80).toFixed(1)},${rng.int(3, 30)}\n`
    chunk.push(line)
    chars += line.length
    if (chars >= 2 ** 20) {
      yield encoder.encode(chunk.join(''))
      chunk = []
      chars = 0
    }
  }
  if (chunk.length > 0) yield encoder.encode(chunk.join(''))
}

/**
 * The initial centers, fixed by the seed: random points of the city's area, and for odd seeds (both
 * samples) the last one in Busan, far from every ping, so its cluster stays empty and keeps its center.
 */
function initialCenters(seed: number): Centers {
  const rng = createRng(seed * 13 + 5)
  const centers = Array.from({ length: K }, (): [number, number] => [
    Number((37.45 + rng.float() * 0.2).toFixed(6)),
    Number((126.9 + rng.float() * 0.25).toFixed(6)),
  ])
  if (seed % 2 === 1) centers[K - 1] = [35.1796, 129.0756]
  return centers
}

function readPoints(input: Pings, ctx: CheckContext): Float64Array {
  const values: number[] = []
  const decoder = new TextDecoder()
  let rest = ''
  const add = (line: string) => {
    if (line === '') return
    const fields = line.split(',')
    values.push(Number(fields[3]), Number(fields[4]))
  }
  for (const chunk of ctx.files.chunks(input.file)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) add(line)
  }
  add(rest + decoder.decode())
  return Float64Array.from(values)
}

/** The procedure, replayed: nearest center by squared distance (ties to the lower index); an empty cluster keeps its center. */
function replay(input: Pings, ctx: CheckContext): Centers {
  const points = readPoints(input, ctx)
  let centers = input.centers.map(([lat, lon]): [number, number] => [lat, lon])
  for (let it = 0; it < input.iterations; it++) {
    const sums = new Float64Array(centers.length * 3)
    for (let p = 0; p < points.length; p += 2) {
      const lat = points[p]!
      const lon = points[p + 1]!
      let best = 0
      let bestD = Number.POSITIVE_INFINITY
      for (let c = 0; c < centers.length; c++) {
        const d = (lat - centers[c]![0]) ** 2 + (lon - centers[c]![1]) ** 2
        if (d < bestD) {
          bestD = d
          best = c
        }
      }
      sums[best * 3]! += lat
      sums[best * 3 + 1]! += lon
      sums[best * 3 + 2]! += 1
    }
    centers = centers.map((center, c): [number, number] => {
      const n = sums[c * 3 + 2]!
      return n === 0 ? center : [sums[c * 3]! / n, sums[c * 3 + 1]! / n]
    })
  }
  return centers
}

export default defineTests<Pings, Centers, number>({
  generate(seed, size, ctx: GenerateContext) {
    let bytes = 0
    const file = ctx.files.write(
      'pings.csv',
      (function* () {
        for (const chunk of pingChunks(seed, size)) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return { file, bytes, centers: initialCenters(seed), iterations: ITERATIONS }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output) || output.length !== input.centers.length)
      return fail(
        msg({
          en: `expected an array of ${input.centers.length} [lat, lon] centers, got ${excerpt(output)}`,
          ko: `[위도, 경도] 중심 ${input.centers.length}개의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = replay(input, ctx)
    for (let c = 0; c < expected.length; c++) {
      const got = output[c] as unknown
      if (!Array.isArray(got) || got.length !== 2 || typeof got[0] !== 'number' || typeof got[1] !== 'number')
        return fail(
          msg({
            en: `center ${c} is not a [lat, lon] pair: ${excerpt(got)}`,
            ko: `${c}번 중심이 [위도, 경도] 쌍이 아닙니다: ${excerpt(got)}`,
          }),
        )
      const want = expected[c]!
      // Sums in any order agree to ~1e-13 here; one point assigned to another cluster moves a center by ~1e-6.
      if (!(Math.abs(got[0] - want[0]) <= 1e-9) || !(Math.abs(got[1] - want[1]) <= 1e-9))
        return fail(
          msg({
            en: `center ${c} is wrong after ${input.iterations} iterations`,
            ko: `${input.iterations}번 반복한 뒤 ${c}번 중심이 틀렸습니다`,
          }),
          { expected: JSON.stringify(want), actual: excerpt(got) },
        )
    }
    return true
  },
  samples: [
    { name: '12 seeded pings', seed: 1, size: 12 },
    { name: '300 seeded pings', seed: 3, size: 300 },
  ],
  hidden: [
    { name: 'no pings', seed: 2, size: 0 },
    { name: 'one ping', seed: 2, size: 1 },
    { name: '5000 pings', seed: 2, size: 5000 },
    // ~21 MB: more than the 16 MB a run's isolate may hold. Only the engine's tasks read all of it.
    { name: 'pings larger than your memory', seed: 4, size: 250_000 },
  ],
  generated: { count: 3, sizes: [7, 500, 3000] },
  describe: (input) =>
    msg({
      en: `${input.bytes} bytes, ${input.centers.length} centers, ${input.iterations} iterations`,
      ko: `${input.bytes}바이트, 중심 ${input.centers.length}개, ${input.iterations}번 반복`,
    }),
})
