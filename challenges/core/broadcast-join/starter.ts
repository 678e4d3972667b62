import { dataset } from 'arena:dataset'

interface Sales {
  /** Orders, `order,time,customer,cents`: a file only the engine reads (`dataset.read`). */
  orders: string
  /** Customers, `customer,country`: small. */
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
  // TODO: join each order to its customer's country, then total the orders and cents per country.
  // How many of the orders have to move for that? Compare dataset.lastJob() of your tries.
  const countries = await customers
    .map(([, country]) => country)
    .distinct()
    .collect()
  void orders
  return countries.sort().map((country): [string, number, number] => [country, 0, 0])
}
