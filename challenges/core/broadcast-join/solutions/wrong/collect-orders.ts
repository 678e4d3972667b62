// @expect RuntimeError
// @skips-lesson
// Joins in solve: collects the orders, as well as the customers, and looks each order's customer up in
// a plain Map there. Correct on small files, but the largest orders file is larger than the main
// isolate's memory, and an action may bring back at most 96 KB to solve (`limits.jobResultKb`): the
// large side has to stay in the engine's tasks.
import { dataset } from 'arena:dataset'

interface Sales {
  orders: string
  customers: string
  bytes: number
}

export async function solve(input: Sales): Promise<[string, number, number][]> {
  const countryOf = new Map(
    await dataset
      .read(input.customers, { format: 'csv' })
      .collect()
      .then((rows) => rows.map((r): [string, string] => [r[0]!, r[1]!])),
  )
  const orders = await dataset
    .read(input.orders, { format: 'csv' })
    .map((o): [string, number] => [o[2]!, Number(o[3])])
    .collect()
  const totals = new Map<string, [number, number]>()
  for (const [customer, cents] of orders) {
    const country = countryOf.get(customer)
    if (country === undefined) continue
    const t = totals.get(country) ?? [0, 0]
    totals.set(country, [t[0] + 1, t[1] + cents])
  }
  return [...totals]
    .map(([country, [n, cents]]): [string, number, number] => [country, n, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
