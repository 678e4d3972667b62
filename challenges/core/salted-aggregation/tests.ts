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
 * A music service's play log as a CSV file that only the dataset engine reads (`dataset.read`): one
 * viral track has most of the plays, and the largest log is larger than the isolate's memory limit,
 * so the engine is the only way to the answer (issue 14, class 8).
 */
interface PlayLog {
  /** Lines `time,session,listener,track,country,device,ms` ('\n' after each). */
  file: string
  /** The file's size in bytes. */
  bytes: number
  /** The cluster's task slots (16): a stage's tasks queue for them. */
  slots: number
}

/** [track, plays, distinct listeners], sorted by track. */
type TrackStats = [string, number, number]

const SLOTS = 16
const TRACKS = 250
/** The viral track's share of all plays: the skew of the lesson. */
const HOT_SHARE = 0.9
const START = 1_764_547_200 // 2025-12-01T00:00:00Z
const COUNTRIES = ['KR', 'US', 'JP', 'DE', 'GB', 'FR', 'BR', 'IN', 'MX', 'ID']
const DEVICES = ['ios', 'android', 'web', 'desktop', 'car']

/** Track k: `t` and k in base 36, so track names sort unlike their popularity. */
function trackName(k: number): string {
  return `t${(k * 7919 + 1296).toString(36)}`
}

// Zipf with exponent 1 over the other tracks, as play counts are.
const CUMULATIVE = (() => {
  const weights = new Float64Array(TRACKS)
  let sum = 0
  for (let k = 0; k < TRACKS; k++) weights[k] = sum += 1 / (k + 1)
  for (let k = 0; k < TRACKS; k++) weights[k]! /= sum
  return weights
})()

function zipfTrack(u: number): number {
  let lo = 0
  let hi = TRACKS - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (CUMULATIVE[mid]! < u) lo = mid + 1
    else hi = mid
  }
  return lo
}

const encoder = new TextEncoder()

/** `digits` (at most 12) random hex digits. */
function hex(rng: ReturnType<typeof createRng>, digits: number): string {
  return (rng.int(0, 2 ** 30) * 4096 + rng.int(0, 4095))
    .toString(16)
    .padStart(12, '0')
    .slice(12 - digits)
}

/**
 * Listener k's id: nine digits, scattered over 100,000,000-999,999,999 (k times a number prime to
 * 900,000,000, modulo it: one id per k). Ids this sparse leave no bitmap of listeners (one bit an id
 * is 112 MB), so a distinct count has to hold the listeners themselves.
 */
function listenerId(k: number): number {
  return 100_000_000 + ((k * 282_475_249) % 900_000_000)
}

/** The log in chunks of about 1 MB, so a 20 MB file is never one string. */
function* logChunks(seed: number, plays: number): Generator<Uint8Array> {
  const rng = createRng(seed)
  // The viral track is a different one in every log: found by counting, never by its name.
  const hot = rng.int(0, TRACKS - 1)
  // A listener population as large as the plays: the viral track's listeners are everyone alike, so
  // most of them play it once or twice and its distinct listeners are about 3/5 of all plays (no
  // task's own deduplication shrinks them much); the other tracks' are mostly the heavy listeners
  // (u^3 puts half of their plays on the first eighth of the population), so those repeat.
  const population = Math.max(10, plays)
  let chunk: string[] = []
  let chars = 0
  let time = START
  for (let i = 0; i < plays; i++) {
    time += rng.int(0, 2)
    const viral = rng.float() < HOT_SHARE
    const track = viral ? hot : zipfTrack(rng.float())
    const listener = listenerId(
      viral ? rng.int(1, population) : 1 + Math.floor(population * rng.float() ** 3),
    )
    // A 32-hex-digit session id, as a UUID without its dashes: a log line of ~74 bytes, so a log
    // larger than the memory limit is ~230,000 plays, whose viral track the baseline's one task can
    // still hold (its ~290,000 listeners of a 320,000-play log did not fit its worker's 8 MB).
    const session = `${hex(rng, 12)}${hex(rng, 12)}${hex(rng, 8)}`
    const line = `${time},${session},${listener},${trackName(track)},${rng.pick(COUNTRIES)},${rng.pick(DEVICES)},${rng.int(5_000, 400_000)}\n`
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

/** The expected statistics, read back from the file. */
function expectedStats(input: PlayLog, ctx: CheckContext): TrackStats[] {
  const stats = new Map<string, { plays: number; listeners: Set<number> }>()
  const decoder = new TextDecoder()
  let rest = ''
  const add = (line: string) => {
    if (line === '') return
    const fields = line.split(',')
    const track = fields[3]!
    let s = stats.get(track)
    if (!s) {
      s = { plays: 0, listeners: new Set() }
      stats.set(track, s)
    }
    s.plays++
    s.listeners.add(Number(fields[2]))
  }
  for (const chunk of ctx.files.chunks(input.file)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) add(line)
  }
  add(rest + decoder.decode())
  return [...stats]
    .map(([track, s]): TrackStats => [track, s.plays, s.listeners.size])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

export default defineTests<PlayLog, TrackStats[]>({
  generate(seed, size, ctx: GenerateContext) {
    let bytes = 0
    const file = ctx.files.write(
      'plays.csv',
      (function* () {
        for (const chunk of logChunks(seed, size)) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return { file, bytes, slots: SLOTS }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output))
      return fail(
        msg({
          en: `expected an array of [track, plays, listeners] rows, got ${excerpt(output)}`,
          ko: `[트랙, 재생 수, 청취자 수] 행의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = expectedStats(input, ctx)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const row = output[i] as unknown
      if (!Array.isArray(row) || row.length !== 3)
        return fail(
          msg({
            en: `row ${i} is not a [track, plays, listeners] row: ${excerpt(row)}`,
            ko: `${i}번 행이 [트랙, 재생 수, 청취자 수] 형태가 아닙니다: ${excerpt(row)}`,
          }),
        )
      const [track, plays, listeners] = expected[i]!
      if (row[0] !== track || row[1] !== plays || row[2] !== listeners) {
        return fail(
          msg({ en: `row ${i} is wrong (sorted by track)`, ko: `${i}번 행이 틀렸습니다(트랙 순)` }),
          {
            expected: JSON.stringify([track, plays, listeners]),
            actual: excerpt(row),
          },
        )
      }
    }
    if (output.length !== expected.length) {
      return fail(
        msg({
          en: `expected ${expected.length} distinct tracks, got ${output.length}`,
          ko: `서로 다른 트랙 ${expected.length}개가 있어야 하는데 ${output.length}개입니다`,
        }),
      )
    }
    return true
  },
  samples: [
    { name: '6 seeded plays', seed: 1, size: 6 },
    { name: '60 seeded plays', seed: 3, size: 60 },
  ],
  hidden: [
    { name: 'an empty log', seed: 2, size: 0 },
    { name: 'one play', seed: 2, size: 1 },
    { name: '5000 plays', seed: 2, size: 5000 },
    // ~17.8 MB: more than the 16 MB a run's isolate may hold. Only the engine's tasks read all of it.
    { name: 'a log larger than your memory', seed: 4, size: 240_000 },
  ],
  generated: { count: 3, sizes: [9, 400, 3000] },
  describe: (input) =>
    msg({
      en: `${input.bytes} bytes, ${input.slots} slots`,
      ko: `${input.bytes}바이트, 슬롯 ${input.slots}개`,
    }),
})
