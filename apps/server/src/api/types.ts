// What the API returns, spelled out: the web imports `AppRouter` as a type and gets these through it.
import type {
  Clock,
  ParallelScaling,
  PerfResult,
  ProfileResult,
  ProgressEvent,
  RunMetrics,
  TestResult,
  Tier,
  Verdict,
} from '@arena/grader'
import type { Topic } from '@arena/packs'

export type Locale = 'en' | 'ko'
export type Role = 'learner' | 'instructor' | 'admin'
export type Difficulty = 'easy' | 'medium' | 'hard'
export type SubmissionMode = 'samples' | 'full'
export type SubmissionStatus = 'queued' | 'running' | 'done'

export interface Me {
  id: number
  /** Plain text as typed: render it as text, never as HTML. */
  username: string
  role: Role
  locale: Locale
  /** XP granted by the game (first acceptances and first tiers, see @arena/game). */
  xp: number
  level: number
}

export interface CourseChallenge {
  /** `<pack>/<slug>` */
  id: string
  title: string
  title_ko: string | null
  difficulty: Difficulty
  xp: number
  progress: 'none' | 'attempted' | 'accepted'
  bestTier: Tier | null
  bestScore: number | null
  /** The study group this challenge's private pack is published to; null for a pack everyone sees. */
  group: { id: number; name: string } | null
  /** The engines it grants (`disk`, `pool`, `mapreduce`, `dataset`, `tensor`, `gpu`): what the learner will use. */
  engines: string[]
}

export interface CourseTopic {
  id: Topic
  title: string
  title_ko: string
  challenges: CourseChallenge[]
}

export interface CourseMap {
  /** Every topic of the course in course order, those without challenges included. */
  topics: CourseTopic[]
}

/** A challenge's hints for one user: each one's XP cost; the text only of those the user opened. */
export interface HintsView {
  challengeId: string
  /** The user's XP now (null when signed out: hints cannot be opened). */
  xp: number | null
  hints: {
    index: number
    cost: number
    opened?: true
    /** What it was opened for: its cost, or less when the learner had less XP then. */
    paid?: number
    text?: string
    text_ko?: string | null
  }[]
}

/** What a learner sees once they solved a challenge: locked until then. */
export type AfterSolveView =
  | { challengeId: string; unlocked: false }
  | {
      challengeId: string
      unlocked: true
      /** The pack's editorial.md / editorial.ko.md (null when the challenge has none). */
      editorial: string | null
      editorial_ko: string | null
      /** The reference solution's source. */
      reference: string
      /** Shared solutions, each learner's best per runner class, best score first. */
      community: {
        submissionId: number
        /** null: a learner who hides from boards. */
        author: string | null
        mine: boolean
        score: number | null
        tier: string | null
        runnerClass: string
        finishedAt: string | null
      }[]
    }

/** A discussion post as one viewer may see it (issue 18.4). */
export interface DiscussionPostView {
  id: number
  author: string
  /** A thread's title; null for a reply. */
  title: string | null
  /** Markdown; null when withheld: a spoiler for someone who has not solved it, or deleted. */
  body: string | null
  spoiler: boolean
  /** A spoiler whose text is withheld from this viewer until they solve the challenge. */
  folded: boolean
  deleted: boolean
  createdAt: string
  editedAt: string | null
  /** The viewer wrote it: may edit and delete it. */
  mine: boolean
  /** The viewer moderates (instructor or admin): may delete it. */
  canModerate: boolean
}

export interface DiscussionThreadSummary extends DiscussionPostView {
  replies: number
  lastActivityAt: string
}

export interface DiscussionList {
  challengeId: string
  threads: DiscussionThreadSummary[]
  /** Signed in: may post and reply. */
  canPost: boolean
}

export interface DiscussionThread {
  challengeId: string
  thread: DiscussionPostView
  replies: DiscussionPostView[]
  canPost: boolean
}

export interface ChallengeDetail {
  id: string
  title: string
  title_ko: string | null
  topic: Topic
  difficulty: Difficulty
  xp: number
  /** Markdown written by the instructor: render it sanitized. */
  statement: string
  statement_ko: string | null
  starter: string
  /** Declarations for the editor (sandbox globals, the signature, granted engines). */
  dts: string
  /** The name learner code must export. */
  entry: string
  /** Sample cases with a short rendering of their input (and in Korean, where tests.ts gave one). */
  samples: { name: string; input: string; inputKo?: string; values?: string }[]
  limits: { cpuMs: number; wallMs: number; memoryMb: number; outputKb: number }
  engines: string[]
  runners: string[]
  clock: Clock
  metric: string
  /** `version`: the n-th content of this pack imported here; `label`: pack.yaml's version. */
  pack: { id: string; version: string; label: string; hash: string }
  /** For a logged-in viewer: what the sample kit's URL carries (`?ticket=`), see localRun/kitTicket.ts. */
  kitTicket?: string
}

export interface Draft {
  source: string
  updatedAt: string
}

export interface SubmissionSummary {
  id: number
  challengeId: string
  mode: SubmissionMode
  status: SubmissionStatus
  verdict: Verdict | null
  tier: Tier | null
  score: number | null
  runnerClass: string
  packVersion: string
  createdAt: string
  finishedAt: string | null
  /** Set when an instructor's re-grade made this submission: the one whose source it grades again. */
  regradeOf: number | null
}

export interface SubmissionDetail {
  id: number
  challengeId: string
  /** Its author shares it with the learners who solved the challenge too (Accepted full only). */
  shared: boolean
  /**
   * Set when the viewer is not the author: who wrote it (null: a learner who stays anonymous) and
   * why the viewer may read it (their instructor, or a fellow solver it was shared with).
   */
  readAs?: { author: string | null; as: 'instructor' | 'solver' }
  mode: SubmissionMode
  status: SubmissionStatus
  verdict: Verdict | null
  /** What to fix first, for any verdict but Accepted. */
  message: string | null
  /** `message` in Korean, when it repeats a sample's bilingual check message. */
  messageKo?: string
  location: { line: number; column: number } | null
  tests: TestResult[]
  metrics: RunMetrics | null
  perf: PerfResult | null
  /** Parallel challenges: the submission's speedup over one worker and its efficiency. */
  parallel?: ParallelScaling
  /**
   * Full Submits: where the time went (CPU profiles of an untimed run on the largest perf case). The
   * reference's side only for a viewer who may read the reference (an Accepted Submit, the pack's
   * owner, an admin).
   */
  profile?: ProfileResult
  tier: Tier | null
  score: number | null
  /** The class it is (or was) graded on. */
  runnerClass: string
  /** Which claim of the job produced the result (above 1 when a runner died while grading). */
  attempt: number
  /** Queued submissions of the same class graded before this one (0 unless queued). */
  queueAhead: number
  /** While queued: the runners online that take it (0: it waits for one, e.g. no GPU runner). */
  runnersOnline?: number
  /**
   * While queued with a runner online: the expected wait (ms) until a runner starts it, from the
   * median of recent gradings of its mode and class, the jobs ahead and the runners online (an
   * estimate: show it rounded, as approximate). Null otherwise.
   */
  waitEstimateMs: number | null
  source: string
  packVersion: string
  packHash: string
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

/** Live progress: the grader's events, `queued` while waiting, and `done` once the result is stored. */
export type SubmissionProgress =
  | Exclude<ProgressEvent, { phase: 'done' }>
  | {
      phase: 'queued'
      ahead: number
      /** The runners online that take this job; 0: it waits until one starts (e.g. no GPU runner). */
      runnersOnline?: number
      runnerClass?: string
      /** The expected wait (ms) until a runner starts it; null when there is none to give (as `SubmissionDetail`). */
      waitEstimateMs: number | null
    }
  | {
      phase: 'done'
      status: Verdict
    }

export interface Distribution {
  challengeId: string
  packVersion: string
  packHash: string
  runnerClass: string
  /** Each learner's best perf score (reference time / their time) on this version and class, ascending. */
  scores: number[]
  /** The reference's own score, for drawing it on the chart. */
  reference: 1
  you: {
    submissionId: number
    score: number
    /** The 95% interval of the score from the perf trial. */
    scoreInterval: [number, number]
    /** Share (0..1) of other learners' best scores below this score; null below 5 others (MIN_FIELD_FOR_PERCENTILE). */
    fasterThan: number | null
    /** Shares of others below the low and the high end of `scoreInterval`: the honest range of `fasterThan`. */
    interval: [number, number] | null
    /** How many other learners it is compared with. */
    others: number
  } | null
}
