// @expect RuntimeError
// @skips-lesson
// Joins in solve, packed (a held-back try at class 8): each task packs its orders two characters an
// order (the customer's number, the cents) into one string, collect() brings them back, and solve
// looks each customer's country up in an array and adds up the sums: no broadcast, no shuffle. With
// no bound it passed even the largest test (1.3M characters) and scored 2.24 against the first
// reference (1.99 on orders-100k). Now an action may bring back at most 96 KB to solve
// (`limits.jobResultKb`): packed orders are 195 KB per 100k, the customers table the reference collects
// 32 KB, so this is a RuntimeError telling the learner to aggregate in the tasks (issue 14, class 8).
import { dataset } from 'arena:dataset'

interface Sales {
  orders: string
  customers: string
  bytes: number
}

export async function solve(input: Sales): Promise<[string, number, number][]> {
  const countries: string[] = []
  const countryIndex = new Map<string, number>()
  const countryOf = new Int32Array(1 << 16).fill(-1)
  for (const [id, country] of await dataset.read(input.customers, { format: 'csv' }).collect()) {
    let k = countryIndex.get(country!)
    if (k === undefined) {
      k = countries.length
      countries.push(country!)
      countryIndex.set(country!, k)
    }
    countryOf[Number(id!.slice(1))] = k
  }
  const packed = await dataset
    .read(input.orders, { format: 'lines' })
    .mapPartitions((lines): string[] => {
      const out: string[] = []
      for (const line of lines) {
        const a = line.indexOf(',')
        const b = line.indexOf(',', a + 1)
        const c = line.indexOf(',', b + 1)
        out.push(String.fromCharCode(256 + Number(line.slice(b + 2, c)), 256 + Number(line.slice(c + 1))))
      }
      return out.length === 0 ? [] : [out.join('')]
    })
    .collect()
  const n = new Float64Array(countries.length)
  const cents = new Float64Array(countries.length)
  for (const text of packed) {
    for (let i = 0; i < text.length; i += 2) {
      const k = countryOf[text.charCodeAt(i) - 256]!
      if (k < 0) continue
      n[k]!++
      cents[k]! += text.charCodeAt(i + 1) - 256
    }
  }
  const rows: [string, number, number][] = []
  for (let k = 0; k < countries.length; k++) if (n[k]! > 0) rows.push([countries[k]!, n[k]!, cents[k]!])
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
