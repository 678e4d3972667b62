// Tests for column-sums.
//
// `size` (generate, generated cases, perf cases) is the number of rows; generated matrices have
// COLS = 16 columns: a tall table, the shape of real data sets. Perf sizes: 131072 rows (16 MB),
// 262144 (32 MB), 524288 (64 MB). A row is 128 bytes, two cache lines, so walking down one column
// uses 8 bytes of each 64-byte line it loads. On the largest case one column walk touches 32 MB of
// lines, as much as the whole L3 of the machine it was tuned on: the next column loads them again.
// Other shapes (one row, one column, 1 x 1, odd and wide widths) are literal hidden cases.
import { createRng, defineTests, excerpt, fail, msg, pass } from '@arena/grader/authoring'

interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}
type Input = Matrix
type Output = Float64Array

/** Columns of a generated matrix. */
const COLS = 16

/** Relative tolerance, on the sum of the magnitudes of a column: any order of additions passes. */
const RELATIVE = 1e-9

/**
 * A rows x cols matrix of values in [-100, 100) (full double precision, so a float32 accumulator
 * shows). The seed goes through createRng; the values come from an inline mulberry32 so that 8 M of
 * them take tens of milliseconds.
 */
function randomMatrix(seed: number, rows: number, cols: number): Matrix {
  let state = createRng(seed).int(0, 0x7fffffff)
  const data = new Float64Array(rows * cols)
  for (let k = 0; k < data.length; k++) {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    const high = (t ^ (t >>> 14)) >>> 0
    // 32 random bits plus 21 more from a second mix of the same word: a value with 53 significant bits.
    const low = Math.imul(high ^ (high >>> 16), 0x45d9f3b) >>> 11
    data[k] = ((high * 2097152 + low) / 9007199254740992) * 200 - 100
  }
  return { rows, cols, data }
}

function isFloat64Array(value: unknown): value is Float64Array {
  return Object.prototype.toString.call(value) === '[object Float64Array]'
}

/** The column sums and the sums of magnitudes (for the tolerance), row by row. */
function expectedSums(input: Input): { sums: Float64Array; magnitudes: Float64Array } {
  const { rows, cols, data } = input
  const sums = new Float64Array(cols)
  const magnitudes = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = data[r * cols + c]!
      sums[c]! += value
      magnitudes[c]! += Math.abs(value)
    }
  }
  return { sums, magnitudes }
}

export default defineTests<Input, Output>({
  generate(seed, size) {
    return randomMatrix(seed, size, COLS)
  },

  check(input, output) {
    const { rows, cols } = input
    if (!isFloat64Array(output)) {
      return fail(
        msg({
          en: `solve must return a Float64Array of ${cols} column sums; it returned ${excerpt(output, 60)}`,
          ko: `solve는 열 합계 ${cols}개를 담은 Float64Array를 반환해야 하는데 ${excerpt(output, 60)} 을(를) 반환했습니다`,
        }),
      )
    }
    if (output.length !== cols) {
      const perRow = output.length === rows && rows !== cols
      const hint = perRow ? ' That is one value per row: sum the columns instead.' : ''
      const hintKo = perRow ? ' 행마다 값 하나를 낸 것입니다: 행이 아니라 열을 더하세요.' : ''
      return fail(
        msg({
          en: `Expected one sum per column: ${cols} values; got ${output.length}.${hint}`,
          ko: `열마다 합계 하나, 즉 값 ${cols}개여야 하는데 ${output.length}개입니다.${hintKo}`,
        }),
        {
          expected: `length ${cols}`,
          actual: `length ${output.length}`,
        },
      )
    }
    const { sums, magnitudes } = expectedSums(input)
    for (let c = 0; c < cols; c++) {
      const expected = sums[c]!
      const actual = output[c]!
      const tolerance = RELATIVE * magnitudes[c]! + 1e-12
      if (Math.abs(actual - expected) <= tolerance) continue
      const why = Number.isNaN(actual)
        ? ' (NaN: was an undefined element added, e.g. an index past the end?)'
        : actual === 0 && expected !== 0
          ? ' (0: was this column never summed?)'
          : ` (off by ${Math.abs(actual - expected).toExponential(2)}, allowed ${tolerance.toExponential(2)})`
      const whyKo = Number.isNaN(actual)
        ? ' (NaN: 정의되지 않은 원소를 더했나요? 예를 들어 끝을 넘어선 인덱스)'
        : actual === 0 && expected !== 0
          ? ' (0: 이 열을 한 번도 더하지 않았나요?)'
          : ` (차이 ${Math.abs(actual - expected).toExponential(2)}, 허용 ${tolerance.toExponential(2)})`
      const message = msg({
        en: `Column ${c}: the sum of its ${rows} values is ${expected}; got ${actual}${why}.`,
        ko: `${c}번 열: 값 ${rows}개의 합은 ${expected}인데 결과는 ${actual}입니다${whyKo}.`,
      })
      return fail(message, {
        expected: `sums[${c}] = ${expected}; sums start ${excerpt(sums.subarray(0, 8), 120)}`,
        actual: `sums[${c}] = ${actual}; sums start ${excerpt(output.subarray(0, 8), 120)}`,
      })
    }
    return pass()
  },

  describe(input) {
    const data = excerpt(input.data.subarray(0, 12), 120)
    return msg({
      en: `${input.rows} x ${input.cols} matrix, data ${data}`,
      ko: `${input.rows} x ${input.cols} 행렬, 데이터 ${data}`,
    })
  },

  samples: [
    { name: '2 x 3', input: { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) } },
    { name: '4 x 2', input: { rows: 4, cols: 2, data: Float64Array.of(0.5, -1, 1.5, -2, 2.5, -3, 3.5, -4) } },
    { name: 'random 5 x 16', seed: 1, size: 5 },
  ],
  hidden: [
    { name: '1 x 1', input: { rows: 1, cols: 1, data: Float64Array.of(-2.5) } },
    { name: 'one row (1 x 1000)', input: randomMatrix(11, 1, 1000) },
    { name: 'one column (1000 x 1)', input: randomMatrix(12, 1000, 1) },
    { name: 'odd shape (37 x 301)', input: randomMatrix(13, 37, 301) },
    { name: 'wide (64 x 4099)', input: randomMatrix(14, 64, 4099) },
    { name: 'square (513 x 513)', input: randomMatrix(15, 513, 513) },
    { name: 'tall (30001 x 7)', input: randomMatrix(16, 30001, 7) },
  ],
  generated: { count: 5, sizes: [3, 17, 100, 1025, 20000] },
})
