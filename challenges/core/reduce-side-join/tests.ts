import {
  type CheckContext,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
  type Rng,
} from '@arena/grader/authoring'

interface User {
  id: number
  name: string
  email: string
  country: string
  plan: 'free' | 'pro' | 'team'
  signupDay: number
}
interface Event {
  userId: number
  type: 'view' | 'click' | 'purchase'
  amountCents: number
  day: number
  page: string
  device: 'desktop' | 'mobile' | 'tablet'
}
/**
 * The store's export: one file that only the mapreduce engine reads (issue 14, class 8), one JSON
 * record per line, users and events mixed in no order (a user has a `country`, an event a `userId`).
 * The largest is larger than the isolate's memory: `solve` cannot join it with a Map, nor have the
 * records handed back to it.
 */
interface Store {
  file: string
  /** The file's size in bytes. */
  bytes: number
}
type Row = User | Event

/** Countries by how many users they have (most first); users are Zipf-distributed over them. */
const COUNTRIES = [
  ...['US', 'KR', 'IN', 'BR', 'DE', 'JP', 'GB', 'FR', 'ID', 'MX', 'CA', 'VN', 'ES', 'IT', 'TR'],
  ...['PL', 'NL', 'AU', 'PH', 'TH', 'SE', 'AR', 'NG', 'EG', 'CO', 'ZA', 'CH', 'SG', 'NZ', 'IE'],
]
const PLANS = ['free', 'free', 'free', 'free', 'pro', 'pro', 'team'] as const
const DEVICES = ['mobile', 'mobile', 'desktop', 'desktop', 'tablet'] as const
const PAGES = ['/', '/search', '/cart', '/checkout', '/account', '/help']
/** Users per event: a store's users are a tenth of its events, a few of them far more active. */
const USERS_PER_EVENT = 0.1
/**
 * Stores of mostly dormant accounts, by seed: users per event. Its user table alone is larger than
 * the isolate's memory, so filtering in the map and joining in `solve` (every user's country handed
 * back to a Map in solve) cannot fit: the join has to happen in the reducers (issue 14, class 8).
 */
const DORMANT_STORES: Record<number, number> = { 7: 4 }
/** Events of users that no longer exist (deleted accounts): an inner join drops them. */
const ORPHAN_SHARE = 0.01

/** Zipf with exponent 1 over n items: the index of the item, 0 the most frequent. */
function zipf(rng: Rng, cumulative: Float64Array): number {
  const u = rng.float()
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cumulative[mid]! < u) lo = mid + 1
    else hi = mid
  }
  return lo
}

function zipfTable(n: number, exponent: number): Float64Array {
  const table = new Float64Array(n)
  let sum = 0
  for (let k = 0; k < n; k++) table[k] = sum += 1 / (k + 1) ** exponent
  for (let k = 0; k < n; k++) table[k]! /= sum
  return table
}

const COUNTRY_TABLE = zipfTable(COUNTRIES.length, 1)

function makeUsers(rng: Rng, count: number): User[] {
  const users: User[] = []
  // Ids are sparse and shuffled, as a database's are after years of sign-ups and deletions.
  let id = 1000
  for (let i = 0; i < count; i++) {
    id += rng.int(1, 3)
    const name = `user${id.toString(36)}`
    users.push({
      id,
      name,
      email: `${name}@example.com`,
      country: COUNTRIES[zipf(rng, COUNTRY_TABLE)]!,
      plan: rng.pick(PLANS),
      signupDay: rng.int(0, 3650),
    })
  }
  for (let i = users.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[users[i], users[j]] = [users[j]!, users[i]!]
  }
  return users
}

function makeEvents(rng: Rng, users: User[], count: number): Event[] {
  // Activity follows a power law: user k (in a random order) is Zipf(0.9)-often active.
  const activity = zipfTable(Math.max(1, users.length), 0.9)
  const events: Event[] = []
  for (let i = 0; i < count; i++) {
    const orphan = users.length === 0 || rng.float() < ORPHAN_SHARE
    const userId = orphan ? rng.int(1, 999) : users[zipf(rng, activity)]!.id
    const roll = rng.float()
    const type = roll < 0.05 ? 'purchase' : roll < 0.2 ? 'click' : 'view'
    // Purchase amounts are log-normal, like real baskets: most small, a few large.
    const amountCents =
      type === 'purchase' ? Math.min(5_000_000, Math.round(Math.exp(rng.normal(8, 1.2)))) : 0
    events.push({
      userId,
      type,
      amountCents,
      day: rng.int(3000, 3650),
      page: type === 'purchase' ? '/checkout' : rng.pick(PAGES),
      device: rng.pick(DEVICES),
    })
  }
  return events
}

/** Every record of the file, the way the engine's splits read it. */
function* rowsOf(input: Store, ctx: CheckContext): Generator<Row> {
  const decoder = new TextDecoder()
  let rest = ''
  for (const chunk of ctx.files.chunks(input.file)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) if (line !== '') yield JSON.parse(line) as Row
  }
  const last = rest + decoder.decode()
  if (last !== '') yield JSON.parse(last) as Row
}

/** The inner join, with two plain Maps: only purchases of users that exist count. */
function revenue(input: Store, ctx: CheckContext): [string, number][] {
  const country = new Map<number, string>()
  const spent = new Map<number, number>()
  for (const row of rowsOf(input, ctx)) {
    if ('country' in row) country.set(row.id, row.country)
    else if (row.type === 'purchase') spent.set(row.userId, (spent.get(row.userId) ?? 0) + row.amountCents)
  }
  const totals = new Map<string, number>()
  for (const [userId, cents] of spent) {
    const where = country.get(userId)
    if (where !== undefined) totals.set(where, (totals.get(where) ?? 0) + cents)
  }
  return [...totals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

const user = (id: number, country: string): User => ({
  id,
  name: `user${id}`,
  email: `user${id}@example.com`,
  country,
  plan: 'free',
  signupDay: 1,
})
const buy = (userId: number, amountCents: number): Event => ({
  userId,
  type: 'purchase',
  amountCents,
  day: 3001,
  page: '/checkout',
  device: 'mobile',
})
const view = (userId: number): Event => ({
  userId,
  type: 'view',
  amountCents: 0,
  day: 3001,
  page: '/',
  device: 'desktop',
})

/** Hand-made stores, by number: a case of size 0 gets store number `seed` (an input file is generated). */
const HANDMADE: { users: User[]; events: Event[] }[] = [
  // 0: two countries, a view and an unknown user
  {
    users: [user(7, 'KR'), user(3, 'US'), user(9, 'KR')],
    events: [buy(7, 1250), view(3), buy(3, 999), buy(9, 100), buy(42, 5000), buy(7, 1)],
  },
  // 1: no events
  { users: [user(1, 'DE')], events: [] },
  // 2: no users
  { users: [], events: [buy(1, 10), buy(2, 20)] },
  // 3: views only
  { users: [user(1, 'DE')], events: [view(1), view(1)] },
  // 4: events before their user, many per user
  {
    users: [user(5, 'JP'), user(6, 'BR')],
    events: [...Array.from({ length: 300 }, (_, i) => buy(5 + (i % 2), i + 1)), view(6)],
  },
]

const encoder = new TextEncoder()

/**
 * The export's lines, in chunks of about 1 MB so that a file larger than memory is never one string:
 * every user is placed at a random point among the events (a map task cannot count on having seen a
 * user before its purchases), except in hand-made stores, which keep their events first.
 */
function* exportChunks(rng: Rng, users: User[], events: Event[], mixed: boolean): Generator<Uint8Array> {
  const userAt = new Map<number, User[]>()
  for (const u of users) {
    const at = mixed ? rng.int(0, events.length) : events.length
    userAt.set(at, [...(userAt.get(at) ?? []), u])
  }
  let chunk: string[] = []
  let chars = 0
  const add = (row: Row) => {
    const line = `${JSON.stringify(row)}\n`
    chunk.push(line)
    chars += line.length
  }
  for (let i = 0; i <= events.length; i++) {
    for (const u of userAt.get(i) ?? []) add(u)
    if (i < events.length) add(events[i]!)
    if (chars >= 2 ** 20) {
      yield encoder.encode(chunk.join(''))
      chunk = []
      chars = 0
    }
  }
  if (chunk.length > 0) yield encoder.encode(chunk.join(''))
}

export default defineTests<Store, [string, number][]>({
  generate(seed, size, ctx: GenerateContext) {
    const rng = createRng(seed)
    const handmade = size === 0 ? HANDMADE[seed] : undefined
    const users =
      handmade?.users ??
      makeUsers(rng, Math.max(1, Math.round(size * (DORMANT_STORES[seed] ?? USERS_PER_EVENT))))
    const events = handmade?.events ?? makeEvents(rng, users, size)
    let bytes = 0
    const file = ctx.files.write(
      'store.jsonl',
      (function* () {
        for (const chunk of exportChunks(rng, users, events, handmade === undefined)) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return { file, bytes }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output))
      return fail(
        msg({
          en: `expected an array of [country, cents] pairs, got ${excerpt(output)}`,
          ko: `[국가, 센트] 쌍의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = revenue(input, ctx)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const pair = output[i] as unknown
      if (!Array.isArray(pair) || pair.length !== 2)
        return fail(
          msg({
            en: `entry ${i} is not a [country, cents] pair: ${excerpt(pair)}`,
            ko: `${i}번 항목이 [국가, 센트] 쌍이 아닙니다: ${excerpt(pair)}`,
          }),
        )
      const [country, cents] = expected[i]!
      if (pair[0] !== country || pair[1] !== cents) {
        return fail(
          msg({ en: `entry ${i} is wrong (sorted by country)`, ko: `${i}번 항목이 틀렸습니다(국가 순)` }),
          {
            expected: JSON.stringify([country, cents]),
            actual: excerpt(pair),
          },
        )
      }
    }
    if (output.length !== expected.length) {
      return fail(
        msg({
          en: `expected ${expected.length} countries with purchases, got ${output.length}`,
          ko: `구매가 있는 국가 ${expected.length}개가 있어야 하는데 ${output.length}개입니다`,
        }),
      )
    }
    return true
  },
  samples: [
    { name: 'two countries, a view and an unknown user', seed: 0, size: 0 },
    { name: '60 seeded events', seed: 1, size: 60 },
  ],
  hidden: [
    { name: 'no events', seed: 1, size: 0 },
    { name: 'no users', seed: 2, size: 0 },
    { name: 'views only', seed: 3, size: 0 },
    { name: 'events before their user, many per user', seed: 4, size: 0 },
    { name: '8000 events', seed: 2, size: 8000 },
    // ~22 MB: more than the 16 MB a run's isolate may hold. Only the engine's map tasks read all of it.
    { name: 'a store larger than your memory', seed: 5, size: 230_000 },
    // ~26 MB, 200,000 users and 50,000 events: the users' countries alone do not fit in solve's memory.
    { name: 'a user table larger than your memory', seed: 7, size: 50_000 },
  ],
  generated: { count: 3, sizes: [13, 500, 3000] },
  describe: (input) =>
    msg({ en: `a store export of ${input.bytes} bytes`, ko: `${input.bytes}바이트짜리 가게 내보내기 파일` }),
})
