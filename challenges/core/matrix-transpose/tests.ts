// Tests for matrix-transpose.
//
// `size` (generate, generated cases, perf cases) is n: the matrix has n rows and 2n columns, so every
// generated matrix is non-square and its transpose has a different shape. Perf sizes: n = 1024
// (1024 x 2048, 16 MB), 1536 (1536 x 3072, 36 MB), 2048 (2048 x 4096, 64 MB). Other shapes (one
// row, one column, 1 x 1, widths that are not a multiple of any tile) are literal hidden cases.
import { createRng, defineTests, excerpt, fail, pass } from '@arena/grader/authoring'

interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}
type Input = Matrix
type Output = Matrix

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
function whereInInput(input: Input, value: number): string {
  if (value === 0) return ' (0: was this element never written?)'
  if (Number.isNaN(value)) return ' (NaN: was an index out of range?)'
  const index = input.data.indexOf(value)
  if (index < 0) return ''
  return ` (that is input (${Math.floor(index / input.cols)}, ${index % input.cols}))`
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

export default defineTests<Input, Output>({
  generate(seed, size) {
    return randomMatrix(seed, size, 2 * size)
  },

  check(input, output) {
    const { rows, cols } = input
    if (typeof output !== 'object' || output === null) {
      return fail(`solve must return { rows, cols, data }; it returned ${excerpt(output, 60)}`)
    }
    const out = output as Partial<Record<keyof Matrix, unknown>>
    if (out.rows !== cols || out.cols !== rows) {
      return fail(
        `The transpose of a ${rows} x ${cols} matrix is ${cols} x ${rows}: rows must be ${cols} and cols ${rows}.`,
        {
          expected: `rows: ${cols}, cols: ${rows}`,
          actual: `rows: ${excerpt(out.rows, 40)}, cols: ${excerpt(out.cols, 40)}`,
        },
      )
    }
    if (!isFloat64Array(out.data)) {
      return fail(`data must be a Float64Array; it is ${excerpt(out.data, 60)}`)
    }
    if (out.data.length !== rows * cols) {
      return fail(`data must hold rows * cols = ${rows * cols} values; it holds ${out.data.length}.`, {
        expected: `length ${rows * cols}`,
        actual: `length ${out.data.length}`,
      })
    }
    const wrong = firstWrong(input, out.data)
    if (!wrong) return pass()
    const [i, j] = wrong
    const expected = input.data[j * cols + i]!
    const actual = out.data[i * rows + j]!
    return fail(
      `Output (${i}, ${j}), i.e. data[${i * rows + j}], should be input (${j}, ${i}) = ${expected}; ` +
        `it is ${actual}${whereInInput(input, actual)}.`,
      {
        expected: `(${i}, ${j}) = ${expected}; output row ${i} starts ${excerpt(columnOf(input, i), 120)}`,
        actual: `(${i}, ${j}) = ${actual}; output row ${i} starts ${excerpt(out.data.subarray(i * rows, i * rows + Math.min(rows, 12)), 120)}`,
      },
    )
  },

  describe(input) {
    return `${input.rows} x ${input.cols} matrix, data ${excerpt(input.data.subarray(0, 12), 120)}`
  },

  samples: [
    { name: '2 x 3', input: { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) } },
    { name: '3 x 3', input: { rows: 3, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) } },
    { name: 'random 4 x 8', seed: 1, size: 4 },
  ],
  hidden: [
    { name: '1 x 1', input: { rows: 1, cols: 1, data: Float64Array.of(-2.5) } },
    { name: 'one row (1 x 1000)', input: randomMatrix(11, 1, 1000) },
    { name: 'one column (1000 x 1)', input: randomMatrix(12, 1000, 1) },
    { name: 'no tile fits evenly (37 x 301)', input: randomMatrix(13, 37, 301) },
    { name: 'tall (1023 x 9)', input: randomMatrix(14, 1023, 9) },
    { name: 'square power of two (512 x 512)', input: randomMatrix(15, 512, 512) },
  ],
  generated: { count: 5, sizes: [3, 17, 64, 129, 300] },
})

/** The first values of output row i (input column i), for messages. */
function columnOf(input: Input, i: number): Float64Array {
  const n = Math.min(input.rows, 12)
  const values = new Float64Array(n)
  for (let j = 0; j < n; j++) values[j] = input.data[j * input.cols + i]!
  return values
}
