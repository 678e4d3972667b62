// Parses the bytes directly, in one pass per column set: no string per field, no string per line.
// Numbers are built digit by digit; a price is an integer of cents-like digits divided by a power of
// ten (exact for up to 15 digits); a category is found by hashing its bytes, and a string is made only
// the first time a category is seen.

interface Table {
  rows: number
  id: Int32Array
  price: Float64Array
  qty: Int32Array
  category: Int32Array
  categories: string[]
}

const NL = 10
const COMMA = 44
const MINUS = 45
const DOT = 46
const ZERO = 48
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

export function solve(input: { csv: Uint8Array }): Table {
  const csv = input.csv
  const end = csv.length
  let at = csv.indexOf(NL) + 1
  if (at === 0) at = end
  // Count rows first: one tight loop, then columns of the right size.
  let rows = 0
  for (let i = at; i < end; i++) if (csv[i] === NL) rows++
  if (end > at && csv[end - 1] !== NL) rows++
  const id = new Int32Array(rows)
  const price = new Float64Array(rows)
  const qty = new Int32Array(rows)
  const category = new Int32Array(rows)
  const categories: string[] = []
  // Open addressing: slot -> code + 1; each code remembers where its bytes are.
  const slots = new Int32Array(1024)
  const starts: number[] = []
  const lengths: number[] = []

  for (let row = 0; row < rows; row++) {
    let c = csv[at++] as number
    let n = 0
    while (c !== COMMA) {
      n = n * 10 + c - ZERO
      c = csv[at++] as number
    }
    id[row] = n

    c = csv[at++] as number
    let mantissa = 0
    let digits = 0
    let fraction = false
    while (c !== COMMA) {
      if (c === DOT) fraction = true
      else {
        mantissa = mantissa * 10 + c - ZERO
        if (fraction) digits++
      }
      c = csv[at++] as number
    }
    price[row] = mantissa / (POW10[digits] as number)

    c = csv[at++] as number
    let negative = false
    if (c === MINUS) {
      negative = true
      c = csv[at++] as number
    }
    n = 0
    while (c !== COMMA) {
      n = n * 10 + c - ZERO
      c = csv[at++] as number
    }
    qty[row] = negative ? -n : n

    const start = at
    let hash = 0x811c9dc5
    while (at < end) {
      c = csv[at] as number
      if (c === NL) break
      hash = Math.imul(hash ^ c, 0x01000193)
      at++
    }
    const length = at - start
    at++
    let slot = (hash >>> 0) & 1023
    for (;;) {
      const entry = slots[slot] as number
      if (entry === 0) {
        const code = categories.length
        slots[slot] = code + 1
        starts.push(start)
        lengths.push(length)
        categories.push(String.fromCharCode(...csv.subarray(start, start + length)))
        category[row] = code
        break
      }
      const code = entry - 1
      if (lengths[code] === length && same(csv, starts[code] as number, start, length)) {
        category[row] = code
        break
      }
      slot = (slot + 1) & 1023
    }
  }
  return { rows, id, price, qty, category, categories }
}

function same(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false
  return true
}
