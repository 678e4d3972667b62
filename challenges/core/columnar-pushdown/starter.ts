import { dataset } from 'arena:dataset'

interface Clicks {
  /** The events: a columnar file only the engine reads (`dataset.read(file, { format: 'columnar' })`). */
  file: string
  bytes: number
  /** First and last day asked for, both included. */
  from: number
  to: number
  /** Only events of this device. */
  device: string
}

export async function solve(input: Clicks): Promise<[string, number, number][]> {
  const clicks = dataset.read<{ day: number; device: string; country: string; cents: number }>(input.file, {
    format: 'columnar',
  })
  // TODO: keep the events of days input.from..input.to (both included) and of input.device, then count
  // the events and total the cents per country, sorted by country.
  // Which columns does the answer need, and which row groups can hold such a day? See dataset.lastJob().
  const countries = await clicks
    .map((click) => click.country)
    .distinct()
    .collect()
  return countries.sort().map((country): [string, number, number] => [country, 0, 0])
}
