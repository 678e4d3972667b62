// What the game, leaderboard and group procedures return.
import type { GroupRole } from '@arena/db'
import type { AssignmentState, BadgeStatus, LevelProgress, Streak, TopicMastery } from '@arena/game'

export type { GroupRole }

export interface GameEventView {
  id: number
  kind: 'xp' | 'badge' | 'rating'
  at: string
  amount: number
  code: string
  params: Record<string, string | number>
  /** English text; clients localize from `code` and `params`. */
  reason: string
  submissionId: number | null
}

export interface BadgeView extends BadgeStatus {
  title: string
  title_ko: string
  description: string
  description_ko: string
  earnedAt: number | null
}

export interface RatingView {
  runnerClass: string
  rating: number
  deviation: number
  games: number
  provisional: boolean
}

export interface GameProfileView {
  username: string
  timeZone: string
  hidden: boolean
  xp: number
  level: LevelProgress
  mastery: (TopicMastery & { title: string; title_ko: string })[]
  badges: BadgeView[]
  streak: Streak
  ratings: RatingView[]
  events: GameEventView[]
}

export interface BoardEntry {
  rank: number
  position: number
  /** null for a hidden learner (shown to others as anonymous). */
  userId: number | null
  username: string | null
  you: boolean
  value: number
  submissionId: number | null
  at: string | null
  /** A challenge board's row whose trial the grader marked noisy (`perf.noisy`): shown with a mark. */
  noisy?: boolean
}

/** A runner class a board can be shown for, with how many learners are on it. */
export interface BoardClassView {
  runnerClass: string
  learners: number
}

export interface Board {
  kind: 'challenge' | 'xp' | 'rating' | 'assignments'
  /** What ranks: `score` (ratio to the reference), `xp`, `rating`, `rating change`, `solved`. */
  metric: string
  /** A challenge board's pack version and runner class: scores compare only within them. */
  challengeId: string | null
  packVersion: number | null
  packHash: string | null
  runnerClass: string | null
  /**
   * Challenge and rating boards: every runner class with results, for a selector (scores compare
   * only within a class). The shown `runnerClass` may have none (an empty board).
   */
  runnerClasses?: BoardClassView[]
  period: 'week' | 'all'
  since: string | null
  groupId: number | null
  rows: BoardEntry[]
  you: BoardEntry | null
  total: number
}

export interface GroupSummary {
  id: number
  name: string
  role: GroupRole
  members: number
}

export interface AssignmentView {
  id: number
  challengeKey: string | null
  packId: string | null
  deadline: string | null
  /** The challenges it covers now (a pack: its current challenges). */
  challenges: { id: string; title: string; title_ko: string | null }[]
}

export interface GroupDetail {
  id: number
  name: string
  role: GroupRole
  /** Only for owners and instructors. */
  inviteCode: string | null
  members: { userId: number; username: string; role: GroupRole; joinedAt: string }[]
  assignments: AssignmentView[]
  /** The caller's state per assigned challenge key. */
  mine: Record<string, CellState>
}

/** A challenge assigned to the caller by one of their groups (the course map marks it). */
export interface MyAssignment {
  challengeId: string
  groupId: number
  groupName: string
  /** The effective deadline (assigned twice: the later one); null: none. */
  deadline: string | null
  state: AssignmentState
}

export interface CellState {
  /** `late`: Accepted only by submissions sent after the deadline (does not count for the board). */
  state: AssignmentState
  tier: string | null
  score: number | null
  /** How many of the challenge's hints the member opened (they open in order). */
  hintsOpened: number
  /** The submission an instructor opens from this cell: the best accepted in time, else the latest. */
  submissionId: number | null
}

export interface ChallengeStats {
  challengeId: string
  title: string
  members: number
  /** From the column's cells (`assignmentCounts`): any submission, accepted in time, accepted late. */
  attempted: number
  accepted: number
  late: number
  /** (accepted + late) / attempted. */
  acceptanceRate: number | null
  /** Verdicts of the members' full submissions, most common first. */
  verdicts: { verdict: string; count: number }[]
  /** Median of the members' best accepted scores. */
  medianScore: number | null
}

export interface InstructorView {
  groupId: number
  challenges: { id: string; title: string; title_ko: string | null; deadline: string | null }[]
  /** `solved` and `late` count the row's `accepted` and `late` cells. */
  rows: {
    userId: number
    username: string
    role: GroupRole
    cells: CellState[]
    solved: number
    late: number
  }[]
  stats: ChallengeStats[]
}
