// A broadcast join: the customers table is small, so it is collected once, turned into a lookup
// object and broadcast (shipped once to each worker). Each order then finds its country inside the
// task that reads it: the orders, the large side, never cross the shuffle. Each task adds up its
// orders per country (mapPartitions), so only one partial sum per country and task crosses, combined
// by reduceByKey. Lines are cut at their commas (no array of fields per order).
import { dataset } from 'arena:dataset'

/** Two CSV files that only the dataset engine reads. */
interface Sales {
  orders: string
  customers: string
  bytes: number
}

export async function solve(input: Sales): Promise<[string, number, number][]> {
  const countryOf: Record<string, string> = {}
  for (const line of await dataset.read(input.customers).collect()) {
    const comma = line.indexOf(',')
    countryOf[line.slice(0, comma)] = line.slice(comma + 1)
  }
  const lookup = dataset.broadcast(countryOf)
  const totals = await dataset
    .read(input.orders)
    .mapPartitions(
      (orders, env): [string, [number, number]][] => {
        const sums = new Map<string, [number, number]>()
        for (const order of orders) {
          // order,time,customer,cents: the customer and the cents, by their commas.
          const b = order.indexOf(',', order.indexOf(',') + 1)
          const c = order.indexOf(',', b + 1)
          const country = env.lookup.value[order.slice(b + 1, c)]
          // An inner join: an order whose customer is not in the table has no country.
          if (country === undefined) continue
          const cents = Number(order.slice(c + 1))
          const sum = sums.get(country)
          if (sum) {
            sum[0]++
            sum[1] += cents
          } else sums.set(country, [1, cents])
        }
        return [...sums]
      },
      { lookup },
    )
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [orders, cents]]): [string, number, number] => [country, orders, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
