// What most first loaders do: decode the bytes to one string, split it into lines, split every line
// into fields, and convert each field with Number(): a string per line and per field.

interface Table {
  rows: number
  id: Int32Array
  price: Float64Array
  qty: Int32Array
  category: Int32Array
  categories: string[]
}

export function solve(input: { csv: Uint8Array }): Table {
  let text = ''
  for (let i = 0; i < input.csv.length; i += 8192) {
    text += String.fromCharCode(...input.csv.subarray(i, i + 8192))
  }
  const lines = text
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
  const rows = lines.length
  const table: Table = {
    rows,
    id: new Int32Array(rows),
    price: new Float64Array(rows),
    qty: new Int32Array(rows),
    category: new Int32Array(rows),
    categories: [],
  }
  const codes = new Map<string, number>()
  for (let i = 0; i < rows; i++) {
    const fields = (lines[i] as string).split(',')
    table.id[i] = Number(fields[0])
    table.price[i] = Number(fields[1])
    table.qty[i] = Number(fields[2])
    const name = fields[3] as string
    let code = codes.get(name)
    if (code === undefined) {
      code = table.categories.length
      codes.set(name, code)
      table.categories.push(name)
    }
    table.category[i] = code
  }
  return table
}
