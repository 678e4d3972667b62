// The platform's tables. Timestamps are epoch milliseconds (`timestamp_ms`: Date in TypeScript).
// drizzle-kit generates db/migrations from this file (`npm run db:generate`); never edit a generated
// migration, change this file and generate a new one.
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

export const ROLES = ['learner', 'instructor', 'admin'] as const
export type Role = (typeof ROLES)[number]
export const LOCALES = ['en', 'ko'] as const
export type Locale = (typeof LOCALES)[number]
export const SUBMISSION_MODES = ['samples', 'full'] as const
export type SubmissionMode = (typeof SUBMISSION_MODES)[number]
export const SUBMISSION_STATUSES = ['queued', 'running', 'done'] as const
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number]
/** `repo`: imported from challenges/ at start; `authored`: published from the web by an instructor. */
export const PACK_SOURCES = ['repo', 'authored'] as const
export type PackSource = (typeof PACK_SOURCES)[number]
/** Who sees an authored pack's published version: its author only, one group, or everyone. */
export const PACK_VISIBILITIES = ['draft', 'private', 'public'] as const
export type PackVisibility = (typeof PACK_VISIBILITIES)[number]
export const PACK_TEST_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export type PackTestStatus = (typeof PACK_TEST_STATUSES)[number]

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stored exactly as typed (NFC): it is text, never markup. Unique regardless of case. */
    username: text('username').notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url), see apps/server auth/password.ts. */
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('learner'),
    locale: text('locale', { enum: LOCALES }).notNull().default('en'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /**
     * The name's confusable skeleton (apps/server auth/usernameSkeleton.ts): a new name whose skeleton
     * equals an existing one is refused, so `аlice` (Cyrillic а) cannot pass for `alice`. Null for rows
     * written before the column existed; the server fills those in at start.
     */
    usernameSkeleton: text('username_skeleton'),
  },
  (table) => [
    uniqueIndex('users_username_unique').on(sql`lower(${table.username})`),
    index('users_username_skeleton').on(table.usernameSkeleton),
  ],
)

/**
 * Log-in attempts counted per key (an address, a username, or everything) and fixed window, in the
 * database so that a restart does not reset them and every server process shares them.
 */
export const loginThrottle = sqliteTable(
  'login_throttle',
  {
    /** `address:<ip>`, `username:<skeleton>` or `global`. */
    key: text('key').notNull(),
    /** Start of the window, epoch milliseconds. */
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.windowStart] })],
)

export const sessions = sqliteTable(
  'sessions',
  {
    /** sha256 (hex) of the cookie's token: a leaked database does not leak live sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The double-submit CSRF token bound to this session (also in the `arena_csrf` cookie). */
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('sessions_user').on(table.userId)],
)

/** One row per imported content of a pack: a changed pack gets a new row (version + 1). */
export const packs = sqliteTable(
  'packs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** pack.yaml `id`, e.g. `core`. */
    packId: text('pack_id').notNull(),
    /** 1, 2, 3, ... per pack id, in import order. */
    version: integer('version').notNull(),
    /** pack.yaml `version`: the author's label. */
    label: text('label').notNull(),
    hash: text('hash').notNull(),
    title: text('title').notNull(),
    titleKo: text('title_ko'),
    /** The version learners see now: the content found under challenges/ at the last start. */
    current: integer('current', { mode: 'boolean' }).notNull().default(false),
    importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull(),
    /** Start-up imports manage `current` of `repo` packs only; publishing manages `authored` ones. */
    source: text('source', { enum: PACK_SOURCES }).notNull().default('repo'),
    publishedBy: integer('published_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    uniqueIndex('packs_hash_unique').on(table.hash),
    uniqueIndex('packs_pack_version_unique').on(table.packId, table.version),
  ],
)

export interface SampleExcerpt {
  name: string
  input: string
  /** The input's summary in Korean, where tests.ts's `describe` gave one. */
  inputKo?: string
  /** The input's values and the start of its files (the same in every language). */
  values?: string
}

export const challenges = sqliteTable(
  'challenges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    packVersionId: integer('pack_version_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    /** `<pack>/<slug>`: the id learners and the API use, stable across pack versions. */
    key: text('key').notNull(),
    slug: text('slug').notNull(),
    /** Order in pack.yaml. */
    position: integer('position').notNull(),
    title: text('title').notNull(),
    titleKo: text('title_ko'),
    topic: text('topic').notNull(),
    difficulty: text('difficulty', { enum: ['easy', 'medium', 'hard'] }).notNull(),
    xp: integer('xp').notNull(),
    /** The validated challenge.yaml (`ChallengeConfig` of @arena/packs). */
    config: text('config', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    statement: text('statement').notNull(),
    statementKo: text('statement_ko'),
    starter: text('starter').notNull(),
    dts: text('dts').notNull(),
    samples: text('samples', { mode: 'json' }).notNull().$type<SampleExcerpt[]>(),
  },
  (table) => [
    uniqueIndex('challenges_version_slug_unique').on(table.packVersionId, table.slug),
    index('challenges_key').on(table.key),
  ],
)

export const drafts = sqliteTable(
  'drafts',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    challengeKey: text('challenge_key').notNull(),
    source: text('source').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [uniqueIndex('drafts_user_challenge_unique').on(table.userId, table.challengeKey)],
)

export const submissions = sqliteTable(
  'submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The challenge row of the pack version the submission is graded on. */
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    challengeKey: text('challenge_key').notNull(),
    packHash: text('pack_hash').notNull(),
    source: text('source').notNull(),
    mode: text('mode', { enum: SUBMISSION_MODES }).notNull(),
    status: text('status', { enum: SUBMISSION_STATUSES }).notNull().default('queued'),
    verdict: text('verdict'),
    message: text('message'),
    location: text('location', { mode: 'json' }).$type<{ line: number; column: number }>(),
    tier: text('tier'),
    /** The perf score (geometric mean of reference time / submission time); full mode only. */
    score: real('score'),
    runnerClass: text('runner_class').notNull(),
    /** Which claim of the job produced the stored result (1 unless a runner died). */
    attempt: integer('attempt').notNull().default(0),
    /** The grader's GradeResult as the runner returned it. */
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    /** The re-grade that created this submission (an instructor re-grading on a new pack version). */
    regradeId: integer('regrade_id').references(() => regrades.id, { onDelete: 'set null' }),
    /** The submission whose source this one re-grades; it keeps its own result (history). */
    regradeOf: integer('regrade_of'),
    /** The learner shares this Accepted full submission with those who solved the challenge too. */
    shared: integer('shared', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    index('submissions_regrade').on(table.regradeId),
    index('submissions_user_challenge').on(table.userId, table.challengeKey, table.createdAt),
    index('submissions_ranking').on(table.challengeId, table.mode, table.verdict, table.runnerClass),
    index('submissions_status').on(table.status),
    // Boards: best accepted score per learner on one challenge row and class, read from the index alone.
    index('submissions_board').on(
      table.challengeId,
      table.runnerClass,
      table.mode,
      table.verdict,
      table.userId,
      table.score,
      table.finishedAt,
    ),
    // Group boards and the progress matrix: a learner's results on a challenge key.
    index('submissions_key_user').on(table.challengeKey, table.userId, table.mode, table.verdict),
  ],
)

export const testResults = sqliteTable(
  'test_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['sample', 'hidden', 'generated'] }).notNull(),
    status: text('status').notNull(),
    message: text('message'),
    input: text('input'),
    expected: text('expected'),
    actual: text('actual'),
    output: text('output'),
    cpuNs: integer('cpu_ns'),
    wallNs: integer('wall_ns'),
    peakBytes: integer('peak_bytes'),
  },
  (table) => [uniqueIndex('test_results_submission_position').on(table.submissionId, table.position)],
)

export const metrics = sqliteTable('metrics', {
  submissionId: integer('submission_id')
    .primaryKey()
    .references(() => submissions.id, { onDelete: 'cascade' }),
  cpuNs: integer('cpu_ns'),
  wallNs: integer('wall_ns'),
  peakBytes: integer('peak_bytes'),
  /** Overall perf score and its interval (geometric means of the capped per-case ratios and bounds). */
  perfRatio: real('perf_ratio'),
  perfLow: real('perf_low'),
  perfHigh: real('perf_high'),
  memoryRatio: real('memory_ratio'),
  /** The widest per-case spread (half-width of the interval relative to the ratio). */
  spread: real('spread'),
  /** Rounds over all perf cases. */
  rounds: integer('rounds'),
  clock: text('clock'),
  cap: real('cap'),
  /** `PerfCaseResult[]` of the grader. */
  cases: text('cases', { mode: 'json' }).$type<unknown[]>(),
})

// ---- Game (packages/game computes; these tables keep what it granted) and study groups ----

/** A learner's game settings and cached totals (a row appears with the first game event). */
export const gameProfiles = sqliteTable(
  'game_profiles',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** IANA zone the learner's days (streaks, "this week") are counted in. */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Hidden learners are ranked but shown anonymously to others. */
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    /** Sum of the learner's xp events. */
    xp: integer('xp').notNull().default(0),
    /** When the XP last changed: the earlier of two equal totals ranks first. */
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('game_profiles_xp').on(table.xp)],
)

export const GAME_EVENT_KINDS = ['xp', 'badge', 'rating'] as const

/** Every change of XP, badge or rating with its reason; a key is granted once per user. */
export const gameEvents = sqliteTable(
  'game_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind', { enum: GAME_EVENT_KINDS }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    amount: integer('amount').notNull(),
    code: text('code').notNull(),
    params: text('params', { mode: 'json' }).notNull().$type<Record<string, string | number>>(),
    reason: text('reason').notNull(),
    submissionId: integer('submission_id').references(() => submissions.id, { onDelete: 'set null' }),
    runnerClass: text('runner_class'),
  },
  (table) => [
    uniqueIndex('game_events_user_key').on(table.userId, table.key),
    index('game_events_user_at').on(table.userId, table.at),
    // "This week" boards: a range of `at` per kind, summed per user without reading the table.
    index('game_events_kind_at').on(table.kind, table.at, table.userId, table.amount),
  ],
)

/** The current rating per learner and runner class (Glicko: rating and deviation). */
export const gameRatings = sqliteTable(
  'game_ratings',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    runnerClass: text('runner_class').notNull(),
    rating: real('rating').notNull(),
    deviation: real('deviation').notNull(),
    games: integer('games').notNull(),
    lastAt: integer('last_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    uniqueIndex('game_ratings_user_class').on(table.userId, table.runnerClass),
    index('game_ratings_board').on(table.runnerClass, table.rating),
  ],
)

export const GROUP_ROLES = ['owner', 'instructor', 'member'] as const
export type GroupRole = (typeof GROUP_ROLES)[number]

export const studyGroups = sqliteTable(
  'study_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** Rotating it invalidates the old code and links at once. */
    inviteCode: text('invite_code').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [uniqueIndex('study_groups_invite_code').on(table.inviteCode)],
)

/** Current members only: leaving or being removed deletes the row, so access ends at once. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => studyGroups.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: GROUP_ROLES }).notNull(),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    uniqueIndex('group_members_group_user').on(table.groupId, table.userId),
    index('group_members_user').on(table.userId),
  ],
)

/** A challenge (`challengeKey`) or a whole pack (`packId`) assigned to a group, with an optional deadline. */
export const groupAssignments = sqliteTable(
  'group_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    groupId: integer('group_id')
      .notNull()
      .references(() => studyGroups.id, { onDelete: 'cascade' }),
    challengeKey: text('challenge_key'),
    packId: text('pack_id'),
    deadline: integer('deadline', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('group_assignments_group').on(table.groupId)],
)

// ---- Authoring on the web: packs instructors write in the browser (never written to challenges/) ----

/** A pack created on the web: who owns it and who sees its published (current) version. */
export const authoredPacks = sqliteTable(
  'authored_packs',
  {
    /** pack.yaml `id`; never one of the repository's packs. */
    packId: text('pack_id').primaryKey(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    visibility: text('visibility', { enum: PACK_VISIBILITIES }).notNull().default('draft'),
    /** The group a `private` pack is for. */
    groupId: integer('group_id').references(() => studyGroups.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('authored_packs_owner').on(table.ownerId)],
)

/** An instructor's working copy of a pack: every file as text, keyed by its path in the pack folder. */
export const packDrafts = sqliteTable(
  'pack_drafts',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    packId: text('pack_id').notNull(),
    files: text('files', { mode: 'json' }).notNull().$type<Record<string, string>>(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [uniqueIndex('pack_drafts_user_pack').on(table.userId, table.packId)],
)

/** The files of a published authored version (the pack store's copy can be rebuilt from these). */
export const packVersionFiles = sqliteTable('pack_version_files', {
  packVersionId: integer('pack_version_id')
    .primaryKey()
    .references(() => packs.id, { onDelete: 'cascade' }),
  files: text('files', { mode: 'json' }).notNull().$type<Record<string, string>>(),
})

/** One `arena pack test` of a draft's content (by hash), run on a runner through the queue. */
export const packTests = sqliteTable(
  'pack_tests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    packId: text('pack_id').notNull(),
    hash: text('hash').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: PACK_TEST_STATUSES }).notNull().default('queued'),
    ok: integer('ok', { mode: 'boolean' }),
    /** The PackTestReport of @arena/packs. */
    report: text('report', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  },
  (table) => [index('pack_tests_pack_hash').on(table.packId, table.hash)],
)

/** An instructor's re-grade of a challenge's accepted submissions on one pack version. */
export const regrades = sqliteTable(
  'regrades',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    challengeKey: text('challenge_key').notNull(),
    /** The challenge row (of the new pack version) the submissions are re-graded on. */
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    total: integer('total').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [index('regrades_challenge').on(table.challengeKey)],
)

// ---- Discussion per challenge (issue 18.4) ----

/**
 * A thread's first post (with its title) or a reply to it (`threadId` set). Kept when deleted, with
 * its text cleared, so that replies keep their place.
 */
export const discussionPosts = sqliteTable(
  'discussion_posts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    challengeKey: text('challenge_key').notNull(),
    /** null: this post opens a thread. */
    threadId: integer('thread_id'),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A thread's title; null for a reply. */
    title: text('title'),
    /** Markdown, sanitized when shown. */
    body: text('body').notNull(),
    /** Folded, and its text withheld, for learners who have not solved the challenge. */
    spoiler: integer('spoiler', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    /** Who deleted it, when a moderator did (not the author). */
    deletedBy: integer('deleted_by'),
    /** A thread: when it last got a post (the list's order). */
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (table) => [
    index('discussion_threads').on(table.challengeKey, table.threadId, table.lastActivityAt),
    index('discussion_replies').on(table.threadId, table.createdAt),
  ],
)

/** A learner's report of a post to the moderators; one per reporter and post. */
export const discussionReports = sqliteTable(
  'discussion_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postId: integer('post_id')
      .notNull()
      .references(() => discussionPosts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
  },
  (table) => [
    uniqueIndex('discussion_reports_once').on(table.postId, table.userId),
    index('discussion_reports_open').on(table.resolvedAt),
  ],
)
