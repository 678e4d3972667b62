// The lesson's starting point: a shuffle join, as SQL writes it. Both tables are keyed by customer
// and join shuffles both sides, so every order crosses the shuffle to meet its customer, only to be
// reduced to a country's total right after.
import { dataset } from 'arena:dataset'

/** Two CSV files that only the dataset engine reads. */
interface Sales {
  orders: string
  customers: string
  bytes: number
}

export async function solve(input: Sales): Promise<[string, number, number][]> {
  const customers = dataset
    .read(input.customers, { format: 'csv' })
    .map((customer): [string, string] => [customer[0]!, customer[1]!])
  const orders = dataset
    .read(input.orders, { format: 'csv' })
    .map((order): [string, number] => [order[2]!, Number(order[3])])
  const totals = await orders
    .join(customers, dataset.size)
    .map(([, [cents, country]]): [string, [number, number]] => [country, [1, cents]])
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [n, cents]]): [string, number, number] => [country, n, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
