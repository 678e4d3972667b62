// sum-array with its words in both languages: a check's message and an input's summary as
// msg({ en, ko }), for the tests of bilingual checker messages.
import { createRng, defineTests, fail, msg } from '../../authoring/index.ts'

export default defineTests<Float64Array, number>({
  generate(seed, size) {
    const rng = createRng(seed)
    const values = new Float64Array(size)
    for (let i = 0; i < size; i++) values[i] = rng.int(-1000, 1000)
    return values
  },
  check(input, output) {
    let expected = 0
    for (const value of input) expected += value
    // A bare msg(...) is a failure too, as a bare string is.
    if (typeof output !== 'number') return msg({ en: 'Return a number.', ko: '숫자를 반환하세요.' })
    return output === expected
      ? true
      : fail(msg({ en: 'The sum is wrong.', ko: '합이 틀렸습니다.' }), {
          expected: String(expected),
          actual: String(output),
        })
  },
  describe: (input) => msg({ en: `${input.length} numbers`, ko: `숫자 ${input.length}개` }),
  samples: [
    { name: 'three numbers', input: new Float64Array([1, 2, 3]) },
    { name: 'empty', input: new Float64Array(0) },
  ],
  hidden: [{ name: 'thousand', seed: 7, size: 1000 }],
})
