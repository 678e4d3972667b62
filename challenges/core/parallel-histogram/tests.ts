import { createRng, defineTests, excerpt, fail, msg } from '@arena/grader/authoring'

/** A seeded Monte Carlo experiment: `blocks` blocks of `blockSize` samples, counted into `bins` bins. */
interface Experiment {
  seed: number
  blocks: number
  blockSize: number
  bins: number
}

// The generator of the statement, written out plainly: block b draws from its own mulberry32 stream.
function histogram(input: Experiment): Uint32Array {
  const counts = new Uint32Array(input.bins)
  for (let block = 0; block < input.blocks; block++) {
    let state = (input.seed + Math.imul(block, 0x9e3779b9)) | 0
    const next = (): number => {
      state = (state + 0x6d2b79f5) | 0
      let t = Math.imul(state ^ (state >>> 15), 1 | state)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    for (let i = 0; i < input.blockSize; i++) {
      const sample = (next() + next() + next() + next()) / 4
      counts[Math.floor(sample * input.bins)]!++
    }
  }
  return counts
}

export default defineTests<Experiment, Uint32Array>({
  generate(seed, size) {
    const rng = createRng(seed)
    return { seed: rng.int(-(2 ** 31), 2 ** 31 - 1), blocks: size, blockSize: 32768, bins: 64 }
  },
  check(input, output) {
    if (!(output instanceof Uint32Array))
      return fail(
        msg({
          en: `expected a Uint32Array, got ${excerpt(output)}`,
          ko: `Uint32Array여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    if (output.length !== input.bins)
      return fail(
        msg({
          en: `expected ${input.bins} bins, got ${output.length}`,
          ko: `칸이 ${input.bins}개여야 하는데 ${output.length}개입니다`,
        }),
      )
    const expected = histogram(input)
    for (let k = 0; k < input.bins; k++) {
      if (output[k] !== expected[k]) {
        const total = output.reduce((sum, count) => sum + count, 0)
        return fail(
          msg({
            en: `bin ${k} is wrong (your bins hold ${total} samples in all; there are ${input.blocks * input.blockSize})`,
            ko: `${k}번 칸이 틀렸습니다(여러분의 칸에 든 표본은 모두 ${total}개, 실제 표본은 ${input.blocks * input.blockSize}개입니다)`,
          }),
          { expected: String(expected[k]), actual: String(output[k]) },
        )
      }
    }
    return true
  },
  samples: [
    { name: 'one block of 8 samples, 4 bins', input: { seed: 1, blocks: 1, blockSize: 8, bins: 4 } },
    { name: '3 blocks of 1000 samples, 10 bins', input: { seed: 42, blocks: 3, blockSize: 1000, bins: 10 } },
  ],
  hidden: [
    { name: 'one bin', input: { seed: 7, blocks: 5, blockSize: 100, bins: 1 } },
    { name: 'one sample per block', input: { seed: -5, blocks: 37, blockSize: 1, bins: 16 } },
    { name: 'more workers than blocks', input: { seed: 3, blocks: 1, blockSize: 5000, bins: 32 } },
    { name: '33 blocks', seed: 9, size: 33 },
  ],
  generated: { count: 3, sizes: [1, 7, 19] },
  describe: (input) =>
    msg({
      en: `seed ${input.seed}: ${input.blocks} block(s) of ${input.blockSize} samples, ${input.bins} bins`,
      ko: `시드 ${input.seed}: 표본 ${input.blockSize}개짜리 블록 ${input.blocks}개, 칸 ${input.bins}개`,
    }),
})
