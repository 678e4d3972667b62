// @expect WrongAnswer
// A left join where an inner join is asked: orders whose customer is not in the table (deleted
// accounts) are counted under a made-up country, '??', instead of being dropped as a join drops them.
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
    .map(
      (order, env): [string, [number, number]] => [
        env.lookup.value[order[2]!] ?? '??',
        [1, Number(order[3])],
      ],
      { lookup },
    )
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [n, cents]]): [string, number, number] => [country, n, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
