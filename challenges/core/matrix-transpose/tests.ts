// Tests for matrix-transpose.
//
// A size is the matrix's shape, `{ rows, cols }` (generate, generated cases, perf cases). Every
// generated matrix is non-square, so its transpose has a different shape; the generated ones are wide
// and tall. Perf sizes: 1024 x 2048 (16 MB), 1536 x 3072 (36 MB), 2048 x 4096 (64 MB). Other shapes
// (one row, one column, 1 x 1, widths that are not a multiple of any tile) are literal hidden cases.
import { createRng, defineTests, excerpt, fail, msg, pass } from '@arena/grader/authoring'

interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}
type Input = Matrix
type Output = Matrix
/** The shape of a generated matrix. */
type Shape = { rows: number; cols: number }

/**
 * A rows x cols matrix of values in [-1000, 1000) with 3 decimals. The seed goes through createRng;
 * the values come from an inline mulberry32 so that 8 M of them take tens of milliseconds.
 */
function randomMatrix(seed: number, rows: number, cols: number): Matrix {
  let state = createRng(seed).int(0, 0x7fffffff)
  const data = new Float64Array(rows * cols)
  for (let k = 0; k < data.length; k++) {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296
    data[k] = Math.round(unit * 2_000_000 - 1_000_000) / 1000
  }
  return { rows, cols, data }
}

function isFloat64Array(value: unknown): value is Float64Array {
  return Object.prototype.toString.call(value) === '[object Float64Array]'
}

/** Where a value occurs in the input, to tell the learner where the wrong value came from. */
function whereInInput(input: Input, value: number): { en: string; ko: string } {
  if (value === 0)
    return { en: ' (0: was this element never written?)', ko: ' (0: 이 원소를 한 번도 쓰지 않았나요?)' }
  if (Number.isNaN(value))
    return { en: ' (NaN: was an index out of range?)', ko: ' (NaN: 인덱스가 범위를 벗어났나요?)' }
  const index = input.data.indexOf(value)
  if (index < 0) return { en: '', ko: '' }
  const r = Math.floor(index / input.cols)
  const c = index % input.cols
  return { en: ` (that is input (${r}, ${c}))`, ko: ` (입력의 (${r}, ${c}) 값입니다)` }
}

/** First (row, col) of the output, in row-major order, whose value is not the transpose's. */
function firstWrong(input: Input, out: Float64Array): [number, number] | undefined {
  const { rows, cols, data } = input
  // Output element (i, j) is input element (j, i). Compare in 64 x 64 blocks (fast on 64 MB), then
  // find the first wrong element in output order only when some block differs.
  const B = 64
  let differs = false
  for (let i0 = 0; i0 < cols && !differs; i0 += B) {
    for (let j0 = 0; j0 < rows && !differs; j0 += B) {
      for (let i = i0; i < Math.min(i0 + B, cols); i++) {
        for (let j = j0; j < Math.min(j0 + B, rows); j++) {
          if (out[i * rows + j] !== data[j * cols + i]) differs = true
        }
      }
    }
  }
  if (!differs) return undefined
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      if (out[i * rows + j] !== data[j * cols + i]) return [i, j]
    }
  }
  return undefined
}

export default defineTests<Input, Output, Shape>({
  generate(seed, { rows, cols }) {
    return randomMatrix(seed, rows, cols)
  },

  check(input, output) {
    const { rows, cols } = input
    if (typeof output !== 'object' || output === null) {
      return fail(
        msg({
          en: `solve must return { rows, cols, data }; it returned ${excerpt(output, 60)}`,
          ko: `solve는 { rows, cols, data }를 반환해야 하는데 ${excerpt(output, 60)} 을(를) 반환했습니다`,
        }),
      )
    }
    const out = output as Partial<Record<keyof Matrix, unknown>>
    if (out.rows !== cols || out.cols !== rows) {
      return fail(
        msg({
          en: `The transpose of a ${rows} x ${cols} matrix is ${cols} x ${rows}: rows must be ${cols} and cols ${rows}.`,
          ko: `${rows} x ${cols} 행렬의 전치는 ${cols} x ${rows} 행렬이므로 출력의 rows는 ${cols}, cols는 ${rows}입니다.`,
        }),
        {
          expected: `rows: ${cols}, cols: ${rows}`,
          actual: `rows: ${excerpt(out.rows, 40)}, cols: ${excerpt(out.cols, 40)}`,
        },
      )
    }
    if (!isFloat64Array(out.data)) {
      return fail(
        msg({
          en: `data must be a Float64Array; it is ${excerpt(out.data, 60)}`,
          ko: `data는 Float64Array여야 하는데 ${excerpt(out.data, 60)}입니다`,
        }),
      )
    }
    if (out.data.length !== rows * cols) {
      const message = msg({
        en: `data must hold rows * cols = ${rows * cols} values; it holds ${out.data.length}.`,
        ko: `data에는 값이 rows * cols = ${rows * cols}개 있어야 하는데 ${out.data.length}개 있습니다.`,
      })
      return fail(message, {
        expected: `length ${rows * cols}`,
        actual: `length ${out.data.length}`,
      })
    }
    const wrong = firstWrong(input, out.data)
    if (!wrong) return pass()
    const [i, j] = wrong
    const expected = input.data[j * cols + i]!
    const actual = out.data[i * rows + j]!
    const where = whereInInput(input, actual)
    return fail(
      msg({
        en:
          `Output (${i}, ${j}), i.e. data[${i * rows + j}], should be input (${j}, ${i}) = ${expected}; ` +
          `it is ${actual}${where.en}.`,
        ko:
          `출력의 (${i}, ${j}), 즉 data[${i * rows + j}]는 입력의 (${j}, ${i}) 값(${expected})이어야 하는데 ` +
          `${actual}입니다${where.ko}.`,
      }),
      {
        expected: `(${i}, ${j}) = ${expected}; output row ${i} starts ${excerpt(columnOf(input, i), 120)}`,
        actual: `(${i}, ${j}) = ${actual}; output row ${i} starts ${excerpt(out.data.subarray(i * rows, i * rows + Math.min(rows, 12)), 120)}`,
      },
    )
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
    { name: '3 x 3', input: { rows: 3, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) } },
    { name: 'random 4 x 8', seed: 1, size: { rows: 4, cols: 8 } },
  ],
  hidden: [
    { name: '1 x 1', input: { rows: 1, cols: 1, data: Float64Array.of(-2.5) } },
    { name: 'one row (1 x 1000)', input: randomMatrix(11, 1, 1000) },
    { name: 'one column (1000 x 1)', input: randomMatrix(12, 1000, 1) },
    { name: 'no tile fits evenly (37 x 301)', input: randomMatrix(13, 37, 301) },
    { name: 'tall (1023 x 9)', input: randomMatrix(14, 1023, 9) },
    { name: 'square power of two (512 x 512)', input: randomMatrix(15, 512, 512) },
  ],
  generated: {
    count: 5,
    sizes: [
      { rows: 3, cols: 6 },
      { rows: 17, cols: 34 },
      { rows: 64, cols: 128 },
      { rows: 258, cols: 129 },
      { rows: 300, cols: 600 },
    ],
  },
})

/** The first values of output row i (input column i), for messages. */
function columnOf(input: Input, i: number): Float64Array {
  const n = Math.min(input.rows, 12)
  const values = new Float64Array(n)
  for (let j = 0; j < n; j++) values[j] = input.data[j * input.cols + i]!
  return values
}
