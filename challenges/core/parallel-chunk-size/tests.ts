import { createRng, defineTests, excerpt, fail, msg } from '@arena/grader/authoring'

/** work[i] is how many rounds of the mixing function item i needs. */
interface Jobs {
  work: Uint32Array
}

/** The statement's definition, written out plainly. */
function expected(input: Jobs): Uint32Array {
  const out = new Uint32Array(input.work.length)
  for (let i = 0; i < input.work.length; i++) {
    let x = (Math.imul(i + 1, 0x9e3779b9) | 1) >>> 0
    for (let r = 0; r < input.work[i]!; r++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      x >>>= 0
    }
    out[i] = x
  }
  return out
}

export default defineTests<Jobs, Uint32Array>({
  // Light items (100-300 rounds) with one hot stretch of a quarter of the array that needs 20x more: equal
  // halves of the array are far from equal halves of the work.
  generate(seed, size) {
    const rng = createRng(seed)
    const work = new Uint32Array(size)
    const hotLength = Math.floor(size / 4)
    const hotStart = rng.int(0, size - hotLength)
    for (let i = 0; i < size; i++) {
      const hot = i >= hotStart && i < hotStart + hotLength
      work[i] = hot ? rng.int(2000, 6000) : rng.int(100, 300)
    }
    return { work }
  },
  check(input, output) {
    if (!(output instanceof Uint32Array))
      return fail(
        msg({
          en: `expected a Uint32Array, got ${excerpt(output)}`,
          ko: `Uint32Array여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const n = input.work.length
    if (output.length !== n)
      return fail(
        msg({
          en: `expected ${n} results, got ${output.length}`,
          ko: `결과가 ${n}개여야 하는데 ${output.length}개입니다`,
        }),
      )
    const want = expected(input)
    for (let i = 0; i < n; i++) {
      if (output[i] !== want[i]) {
        const message = msg({
          en: `item ${i} (work ${input.work[i]}) is wrong`,
          ko: `항목 ${i}(work ${input.work[i]})의 결과가 틀렸습니다`,
        })
        return fail(message, {
          expected: String(want[i]),
          actual: String(output[i]),
        })
      }
    }
    return true
  },
  samples: [
    { name: '4 items', input: { work: Uint32Array.of(0, 1, 2, 10) } },
    { name: '50 seeded items', seed: 1, size: 50 },
  ],
  hidden: [
    { name: 'one item', input: { work: Uint32Array.of(5) } },
    { name: 'no work at all', input: { work: new Uint32Array(1001) } },
    { name: '4097 items', seed: 2, size: 4097 },
  ],
  generated: { count: 3, sizes: [3, 333, 3333] },
  describe: (input) => {
    const rounds = input.work.reduce((sum, w) => sum + w, 0)
    return msg({
      en: `${input.work.length} items, ${rounds} rounds in all: ${excerpt(input.work)}`,
      ko: `항목 ${input.work.length}개, 라운드는 모두 ${rounds}번: ${excerpt(input.work)}`,
    })
  },
})
