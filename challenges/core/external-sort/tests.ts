import { type CheckContext, defineTests, fail, type GenerateContext, msg } from '@arena/grader/authoring'

/** Names of files in the run's scratch folder. */
interface SortJob {
  /** `count` keys, each a little-endian Float64 (8 bytes): read-only. */
  input: string
  /** Create this file and write the keys into it, ascending. */
  output: string
  count: number
}

const KEYS_PER_CHUNK = 1 << 17

/** sfc32: a small, fast seeded generator; createRng is too slow for tens of millions of keys. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed | 0
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) next()
  return next
}

function* keyChunks(seed: number, count: number): Generator<Float64Array> {
  const next = sfc32(seed)
  const chunk = new Float64Array(KEYS_PER_CHUNK)
  for (let done = 0; done < count; done += KEYS_PER_CHUNK) {
    const n = Math.min(KEYS_PER_CHUNK, count - done)
    for (let i = 0; i < n; i++) {
      const r = next()
      // Mostly spread-out doubles of both signs; one in eight a small integer, so keys repeat.
      chunk[i] = (r & 7) === 0 ? r % 1000 : (next() / 2 ** 32 - 0.5) * 2e9 + r / 2 ** 32
    }
    yield n === KEYS_PER_CHUNK ? chunk : chunk.subarray(0, n)
  }
}

/** Order-independent fingerprint of the keys' bits: two 32-bit sums of mixed hashes. */
function fingerprint(view: Uint32Array, sums: Uint32Array): void {
  let s0 = sums[0] as number
  let s1 = sums[1] as number
  for (let i = 0; i < view.length; i += 2) {
    let h =
      Math.imul((view[i] as number) ^ 0x9e3779b9, 0x85ebca6b) ^
      Math.imul((view[i + 1] as number) ^ 0xc2b2ae35, 0x27d4eb2f)
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d)
    h ^= h >>> 12
    s0 = (s0 + h) | 0
    s1 = (s1 + Math.imul(h ^ (h >>> 16), 0x7feb352d)) | 0
  }
  sums[0] = s0
  sums[1] = s1
}

function generate(seed: number, size: number, ctx: GenerateContext): SortJob {
  return {
    input: ctx.files.write('keys.bin', keyChunks(seed, size)),
    output: ctx.files.name('sorted.bin'),
    count: size,
  }
}

function check(job: SortJob, _output: unknown, ctx: CheckContext) {
  const { files } = ctx
  if (!files.exists(job.output))
    return fail(
      msg({
        en: `the output file ${job.output} does not exist: create it with disk.create`,
        ko: `출력 파일 ${job.output}이(가) 없습니다: disk.create로 만드세요`,
      }),
    )
  const size = files.size(job.output)
  if (size !== job.count * 8) {
    const message = msg({
      en: `${job.output} holds ${size} bytes; ${job.count} keys of 8 bytes are ${job.count * 8}`,
      ko: `${job.output}의 크기가 ${size}바이트입니다. 8바이트 키 ${job.count}개는 ${job.count * 8}바이트입니다`,
    })
    return fail(message, {
      expected: `${job.count * 8} bytes`,
      actual: `${size} bytes`,
    })
  }
  const expected = new Uint32Array(2)
  for (const chunk of files.chunks(job.input))
    fingerprint(new Uint32Array(chunk.buffer, 0, chunk.length / 4), expected)
  const actual = new Uint32Array(2)
  let previous = Number.NEGATIVE_INFINITY
  let index = 0
  for (const chunk of files.chunks(job.output)) {
    const keys = new Float64Array(chunk.buffer, 0, chunk.length / 8)
    for (let i = 0; i < keys.length; i++, index++) {
      const key = keys[i] as number
      if (!(key >= previous)) {
        const message = msg({
          en: `${job.output} is not sorted: key #${index} (${key}) comes after ${previous}`,
          ko: `${job.output}의 키가 정렬되어 있지 않습니다: ${index}번 키(${key})가 ${previous} 뒤에 옵니다`,
        })
        return fail(message, {
          expected: `a key ≥ ${previous}`,
          actual: String(key),
        })
      }
      previous = key
    }
    fingerprint(new Uint32Array(chunk.buffer, 0, chunk.length / 4), actual)
  }
  if (actual[0] !== expected[0] || actual[1] !== expected[1]) {
    return fail(
      msg({
        en: `${job.output} is sorted but does not hold the same keys as ${job.input}: some are missing, changed or repeated`,
        ko: `${job.output}의 키는 정렬되어 있지만 ${job.input}의 키와 같지 않습니다: 빠지거나, 바뀌거나, 여러 번 쓰인 키가 있습니다`,
      }),
    )
  }
  return true
}

export default defineTests<SortJob>({
  generate,
  check,
  samples: [
    { name: '10 keys', seed: 1, size: 10 },
    { name: '5000 keys', seed: 2, size: 5000 },
  ],
  hidden: [
    { name: 'no keys', seed: 3, size: 0 },
    { name: 'one key', seed: 4, size: 1 },
    { name: '300k keys', seed: 5, size: 300_000 },
    { name: '2M keys (16 MB: twice the memory limit)', seed: 6, size: 2_000_000 },
  ],
  generated: { count: 2, sizes: [77_777, 1_000_003] },
  describe: (job) =>
    msg({
      en: `${job.count} keys in ${job.input} (${job.count * 8} bytes), to be sorted into ${job.output}`,
      ko: `${job.input}에 키 ${job.count}개(${job.count * 8}바이트), 정렬해서 ${job.output}에 쓰기`,
    }),
})
