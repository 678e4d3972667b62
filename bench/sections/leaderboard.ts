// Leaderboards and the progress matrix at scale: 10,000 learners and 100,000 submissions in a real
// SQLite file (WAL, migrated like the server's), queried through the same functions the API calls.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ArenaDb, challengeBoard, memberResults, openDatabase, ratingBoard, xpBoard } from '@arena/db'
import { type BenchSection, summarize } from './section.ts'

const LEARNERS = 10_000
const SUBMISSIONS = 100_000
const CHALLENGES = 8
const GROUP_MEMBERS = 300
const RUNS = 40
const DAY = 86_400_000

export const leaderboardSection: BenchSection = {
  name: 'leaderboard',
  description: `board and progress-matrix queries with ${LEARNERS} learners and ${SUBMISSIONS} submissions (issue #7)`,
  async run(log) {
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-bench-board-'))
    try {
      const db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
      const seedStarted = performance.now()
      const seeded = seed(db)
      log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)
      const results = measureAll(db, seeded, log)
      log(`plan of a challenge board: ${planOf(db, seeded.challengeIds[0] as number)}`)
      // The same challenge board without the index that serves it: what the index buys.
      db.$client.exec('DROP INDEX submissions_board')
      const without = measure(() => board(db, seeded, 0))
      log(
        `challenge board without submissions_board: median ${without.median.toFixed(2)} ms (` +
          `${(without.median / (results.challengeBoard as { median: number }).median).toFixed(1)}x slower)`,
      )
      db.$client.close()
      return { learners: LEARNERS, submissions: SUBMISSIONS, ...results, challengeBoardWithoutIndex: without }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

interface Seeded {
  challengeIds: number[]
  keys: string[]
  groupId: number
  members: number[]
}

/** Deterministic pseudo-random numbers (mulberry32): the same database on every run. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function seed(db: ArenaDb): Seeded {
  const sqlite = db.$client
  const rand = random(7)
  const now = Date.now()
  let seeded: Seeded | undefined
  sqlite.transaction(() => {
    const pack = sqlite
      .prepare(
        `INSERT INTO packs (pack_id, version, label, hash, title, current, imported_at) VALUES ('bench', 1, '1', 'h', 'Bench', 1, ?)`,
      )
      .run(now).lastInsertRowid as number
    const challenge = sqlite.prepare(
      `INSERT INTO challenges (pack_version_id, key, slug, position, title, topic, difficulty, xp, config, statement, starter, dts, samples)
       VALUES (?, ?, ?, ?, ?, 'parallel', 'medium', 40, '{}', '', '', '', '[]')`,
    )
    const challengeIds: number[] = []
    const keys: string[] = []
    for (let i = 0; i < CHALLENGES; i++) {
      const key = `bench/c${i}`
      challengeIds.push(challenge.run(pack, key, `c${i}`, i, `Challenge ${i}`).lastInsertRowid as number)
      keys.push(key)
    }
    const user = sqlite.prepare(`INSERT INTO users (username, password_hash, created_at) VALUES (?, 'x', ?)`)
    const profile = sqlite.prepare(
      `INSERT INTO game_profiles (user_id, hidden, xp, updated_at) VALUES (?, ?, ?, ?)`,
    )
    const rating = sqlite.prepare(
      `INSERT INTO game_ratings (user_id, runner_class, rating, deviation, games, last_at) VALUES (?, 'cpu', ?, ?, ?, ?)`,
    )
    const event = sqlite.prepare(
      `INSERT INTO game_events (user_id, key, kind, at, amount, code, params, reason) VALUES (?, ?, ?, ?, ?, 'xp.accepted', '{}', '')`,
    )
    const userIds: number[] = []
    for (let i = 0; i < LEARNERS; i++) {
      const id = user.run(`learner${i}`, now).lastInsertRowid as number
      userIds.push(id)
      const xp = Math.floor(rand() * 2000)
      profile.run(id, rand() < 0.05 ? 1 : 0, xp, now)
      rating.run(id, 1200 + rand() * 600, 40 + rand() * 300, 1 + Math.floor(rand() * 20), now)
      for (let e = 0; e < 5; e++) {
        event.run(id, `xp:${e}`, 'xp', now - Math.floor(rand() * 30 * DAY), Math.floor(rand() * 80))
      }
    }
    const submission = sqlite.prepare(
      `INSERT INTO submissions (user_id, challenge_id, challenge_key, pack_hash, source, mode, status, verdict, tier, score, runner_class, attempt, created_at, finished_at)
       VALUES (?, ?, ?, 'h', '', ?, 'done', ?, ?, ?, 'cpu', 1, ?, ?)`,
    )
    const verdicts = ['Accepted', 'Accepted', 'Accepted', 'WrongAnswer', 'TimeLimit', 'RuntimeError']
    for (let i = 0; i < SUBMISSIONS; i++) {
      const c = Math.floor(rand() * CHALLENGES)
      const verdict = verdicts[Math.floor(rand() * verdicts.length)] as string
      const accepted = verdict === 'Accepted'
      const score = accepted ? Math.round(rand() * 400) / 100 : null
      const at = now - Math.floor(rand() * 60 * DAY)
      submission.run(
        userIds[Math.floor(rand() * LEARNERS)],
        challengeIds[c],
        keys[c],
        rand() < 0.2 ? 'samples' : 'full',
        verdict,
        accepted ? (score !== null && score > 2 ? 'gold' : 'silver') : null,
        score,
        at,
        at + 1000,
      )
    }
    const group = sqlite
      .prepare(`INSERT INTO study_groups (name, invite_code, created_at) VALUES ('bench', 'BENCHCODE2', ?)`)
      .run(now).lastInsertRowid as number
    const member = sqlite.prepare(
      `INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES (?, ?, 'member', ?)`,
    )
    const members = userIds.slice(0, GROUP_MEMBERS)
    for (const id of members) member.run(group, id, now)
    seeded = { challengeIds, keys, groupId: group, members }
  })()
  sqlite.exec('ANALYZE')
  return seeded as Seeded
}

function board(db: ArenaDb, seeded: Seeded, run: number, groupId?: number) {
  return challengeBoard(
    db,
    { challengeId: seeded.challengeIds[run % CHALLENGES] as number, runnerClass: 'cpu' },
    { limit: 50, offset: 0, viewerId: 5000, groupId },
  )
}

function measure(query: (run: number) => unknown) {
  query(0)
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    const startedAt = performance.now()
    query(run)
    times.push(performance.now() - startedAt)
  }
  const sorted = [...times].sort((a, b) => a - b)
  return { ...summarize(times), p95: sorted[Math.ceil(sorted.length * 0.95) - 1] as number }
}

function measureAll(db: ArenaDb, seeded: Seeded, log: (line: string) => void) {
  const week = new Date(Date.now() - 7 * DAY)
  const queries: Record<string, (run: number) => unknown> = {
    challengeBoard: (run) => board(db, seeded, run),
    challengeBoardGroup: (run) => board(db, seeded, run, seeded.groupId),
    xpAllTime: () => xpBoard(db, {}, { limit: 50, offset: 0, viewerId: 5000 }),
    xpThisWeek: () => xpBoard(db, { since: week }, { limit: 50, offset: 0, viewerId: 5000 }),
    ratingAllTime: () => ratingBoard(db, { runnerClass: 'cpu' }, { limit: 50, offset: 0, viewerId: 5000 }),
    xpGroupWeek: () =>
      xpBoard(db, { since: week }, { limit: 50, offset: 0, viewerId: 1, groupId: seeded.groupId }),
    progressMatrix: () => memberResults(db, seeded.members, seeded.keys),
  }
  const results: Record<string, unknown> = {}
  for (const [name, query] of Object.entries(queries)) {
    const stats = measure(query)
    results[name] = stats
    log(`${name.padEnd(20)} median ${stats.median.toFixed(2)} ms  p95 ${stats.p95.toFixed(2)} ms`)
  }
  return results
}

function planOf(db: ArenaDb, challengeId: number): string {
  const rows = db.$client
    .prepare(
      `EXPLAIN QUERY PLAN SELECT user_id, MAX(score) FROM submissions
        WHERE challenge_id = ? AND runner_class = 'cpu' AND mode = 'full' AND verdict = 'Accepted' AND score IS NOT NULL
        GROUP BY user_id`,
    )
    .all(challengeId) as { detail: string }[]
  return rows.map((row) => row.detail).join('; ')
}
