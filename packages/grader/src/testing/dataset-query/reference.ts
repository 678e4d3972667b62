import { dataset } from 'arena:dataset'

interface Query {
  file: string
  output: string
  from: number
  to: number
}

export async function solve(query: Query): Promise<number> {
  const sales = dataset.read<{ shop: string; price: number }>(query.file, {
    format: 'columnar',
    columns: ['shop', 'price'],
    where: [['day', 'between', query.from, query.to]],
  })
  const totals = sales
    .map((sale): [string, number] => [sale.shop, sale.price])
    .reduceByKey((a, b) => a + b)
    .map(([shop, total]) => ({ shop, total }))
  const written = await totals.write(query.output, { format: 'json' })
  return written.records
}
