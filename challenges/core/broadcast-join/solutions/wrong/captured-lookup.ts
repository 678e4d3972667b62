// @expect RuntimeError
// Builds the customers' lookup in solve and uses it inside flatMap as a closure would in Spark: here
// the function runs in a worker isolate that never sees solve's variables, and the engine refuses it
// before any task runs, naming `countryOf` and this line. Broadcast it and pass it in env.
import { dataset } from 'arena:dataset'

interface Sales {
  orders: string
  customers: string
  bytes: number
}

export async function solve(input: Sales): Promise<[string, number, number][]> {
  const countryOf: Record<string, string> = {}
  for (const [id, country] of await dataset.read(input.customers, { format: 'csv' }).collect())
    countryOf[id!] = country!
  const totals = await dataset
    .read(input.orders, { format: 'csv' })
    .flatMap((order): [string, [number, number]][] => {
      const country = countryOf[order[2]!]
      return country === undefined ? [] : [[country, [1, Number(order[3])]]]
    })
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [n, cents]]): [string, number, number] => [country, n, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
