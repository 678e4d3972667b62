// A broadcast join: the customers table is small, so it is collected once, turned into a lookup
// object and broadcast (shipped once to each worker). Each order then finds its country inside the
// map of the stage that reads it: the orders, the large side, never cross the shuffle. Only the
// per-country partial sums do, one per country and task, combined by reduceByKey.
import { dataset } from 'arena:dataset'

/** Two CSV files that only the dataset engine reads. */
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
      (order, env): [string, [number, number]][] => {
        const country = env.lookup.value[order[2]!]
        // An inner join: an order whose customer is not in the table has no country.
        return country === undefined ? [] : [[country, [1, Number(order[3])]]]
      },
      { lookup },
    )
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [orders, cents]]): [string, number, number] => [country, orders, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
