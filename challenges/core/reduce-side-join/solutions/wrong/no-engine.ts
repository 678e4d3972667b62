// @expect WrongAnswer
// @skips-lesson
// Skips the engine: joins with two plain Maps in solve, as it did when the input handed solve the
// users and events (a Map join in solve scored gold, 69x, issue 14, class 8). The store is now a file
// that only the engine's map tasks read, so solve has nothing to join.
interface Store {
  file: string
  bytes: number
}
interface Row {
  id?: number
  country?: string
  userId?: number
  type?: string
  amountCents?: number
}

export async function solve(input: Store): Promise<[string, number][]> {
  // The old input shape; now there are no records to read.
  const old = input as unknown as { users?: Row[]; events?: Row[] }
  const country = new Map<number, string>()
  for (const user of old.users ?? []) country.set(user.id ?? 0, user.country ?? '')
  const totals = new Map<string, number>()
  for (const event of old.events ?? []) {
    const where = country.get(event.userId ?? 0)
    if (where !== undefined && event.type === 'purchase')
      totals.set(where, (totals.get(where) ?? 0) + (event.amountCents ?? 0))
  }
  return [...totals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
