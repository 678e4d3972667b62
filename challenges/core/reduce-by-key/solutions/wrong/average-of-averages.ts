// @expect WrongAnswer
// Reduces the latencies with a pairwise mean, (a + b) / 2: a mean of means is not the mean (three
// values 1, 2, 6 give 3.25 or 2.75 by order, not 3), and the function is not associative, so the
// answer also depends on how the records fall into tasks. Combine sums and counts; divide at the end.
import { dataset } from 'arena:dataset'

interface AccessLog {
  file: string
  bytes: number
}

export async function solve(input: AccessLog): Promise<[string, number, number][]> {
  const parsed = dataset.read(input.file).map((line): [string, number] => {
    const fields = line.split(',')
    return [fields[1]!, Number(fields[3])]
  })
  const means = await parsed.reduceByKey((a, b) => (a + b) / 2, dataset.size).collect()
  const counts = new Map(
    await parsed
      .map(([page]): [string, number] => [page, 1])
      .reduceByKey((a, b) => a + b, dataset.size)
      .collect(),
  )
  return means
    .map(([page, mean]): [string, number, number] => [page, counts.get(page) ?? 0, mean])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
