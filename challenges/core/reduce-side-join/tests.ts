import { createRng, defineTests, excerpt, fail, type Rng } from '@arena/grader/authoring'

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
interface Store {
  users: User[]
  events: Event[]
}

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

function revenue(input: Store): [string, number][] {
  const country = new Map<number, string>()
  for (const user of input.users) country.set(user.id, user.country)
  const totals = new Map<string, number>()
  for (const event of input.events) {
    const where = country.get(event.userId)
    if (where === undefined || event.type !== 'purchase') continue
    totals.set(where, (totals.get(where) ?? 0) + event.amountCents)
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

export default defineTests<Store, [string, number][]>({
  generate(seed, size) {
    const rng = createRng(seed)
    const users = makeUsers(rng, Math.max(1, Math.round(size * USERS_PER_EVENT)))
    return { users, events: makeEvents(rng, users, size) }
  },
  check(input, output) {
    if (!Array.isArray(output))
      return fail(`expected an array of [country, cents] pairs, got ${excerpt(output)}`)
    const expected = revenue(input)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const pair = output[i] as unknown
      if (!Array.isArray(pair) || pair.length !== 2)
        return fail(`entry ${i} is not a [country, cents] pair: ${excerpt(pair)}`)
      const [country, cents] = expected[i]!
      if (pair[0] !== country || pair[1] !== cents) {
        return fail(`entry ${i} is wrong (sorted by country)`, {
          expected: JSON.stringify([country, cents]),
          actual: excerpt(pair),
        })
      }
    }
    if (output.length !== expected.length) {
      return fail(`expected ${expected.length} countries with purchases, got ${output.length}`)
    }
    return true
  },
  samples: [
    {
      name: 'two countries, a view and an unknown user',
      input: {
        users: [user(7, 'KR'), user(3, 'US'), user(9, 'KR')],
        events: [buy(7, 1250), view(3), buy(3, 999), buy(9, 100), buy(42, 5000), buy(7, 1)],
      },
    },
    { name: '60 seeded events', seed: 1, size: 60 },
  ],
  hidden: [
    { name: 'no events', input: { users: [user(1, 'DE')], events: [] } },
    { name: 'no users', input: { users: [], events: [buy(1, 10), buy(2, 20)] } },
    { name: 'views only', input: { users: [user(1, 'DE')], events: [view(1), view(1)] } },
    {
      name: 'events before their user, many per user',
      input: {
        users: [user(5, 'JP'), user(6, 'BR')],
        events: [...Array.from({ length: 300 }, (_, i) => buy(5 + (i % 2), i + 1)), view(6)],
      },
    },
    { name: '8000 events', seed: 2, size: 8000 },
  ],
  generated: { count: 3, sizes: [13, 500, 3000] },
  describe: (input) => `${input.users.length} users, ${input.events.length} events`,
})
