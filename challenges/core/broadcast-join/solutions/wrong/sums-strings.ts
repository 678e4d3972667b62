// @expect WrongAnswer
// Forgets that CSV fields are strings: the cents stay text, and `+` in the reduce joins them
// ("120" + "4500" is "1204500"). Parse numbers (Number(field)) before adding them up.
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
  const lookup = dataset.broadcast(countryOf)
  const totals = await dataset
    .read(input.orders, { format: 'csv' })
    .flatMap(
      (order, env): [string, [number, string]][] => {
        const country = env.lookup.value[order[2]!]
        return country === undefined ? [] : [[country, [1, order[3]!]]]
      },
      { lookup },
    )
    .reduceByKey((a, b): [number, string] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [n, cents]]): [string, number, number] => [country, n, cents as unknown as number])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
