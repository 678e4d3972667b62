// The API of Alpaca Arena. The web imports `AppRouter` as a type only (`import type`), so nothing of
// the server reaches the browser bundle. Output shapes are spelled out in api/types.ts.
import { authoringRouter } from './routers/authoringRouter.ts'
import { authRouter } from './routers/authRouter.ts'
import { challengeRouter } from './routers/challengeRouter.ts'
import { courseRouter } from './routers/courseRouter.ts'
import { discussionRouter } from './routers/discussionRouter.ts'
import { draftRouter } from './routers/draftRouter.ts'
import { fleetRouter } from './routers/fleetRouter.ts'
import { gameRouter } from './routers/gameRouter.ts'
import { groupRouter } from './routers/groupRouter.ts'
import { hintRouter } from './routers/hintRouter.ts'
import { leaderboardRouter } from './routers/leaderboardRouter.ts'
import { solutionRouter } from './routers/solutionRouter.ts'
import { statsRouter } from './routers/statsRouter.ts'
import { submissionRouter } from './routers/submissionRouter.ts'
import { router } from './trpc/init.ts'

export const appRouter = router({
  auth: authRouter,
  course: courseRouter,
  challenge: challengeRouter,
  hint: hintRouter,
  draft: draftRouter,
  submission: submissionRouter,
  solution: solutionRouter,
  discussion: discussionRouter,
  stats: statsRouter,
  game: gameRouter,
  leaderboard: leaderboardRouter,
  group: groupRouter,
  fleet: fleetRouter,
  authoring: authoringRouter,
})

export type AppRouter = typeof appRouter

export type {
  AuthoredPackSummary,
  PackDraftView,
  PackTestProgress,
  PackTestReportRow,
  PackTestView,
  PackVersionView,
  PackVisibility,
  RegradeView,
} from './api/authoringTypes.ts'
export type {
  AssignmentView,
  BadgeView,
  Board,
  BoardEntry,
  CellState,
  ChallengeStats,
  GameEventView,
  GameProfileView,
  GroupDetail,
  GroupRole,
  GroupSummary,
  InstructorView,
  MyAssignment,
  RatingView,
} from './api/gameTypes.ts'
export type {
  AfterSolveView,
  ChallengeDetail,
  CourseChallenge,
  CourseMap,
  CourseTopic,
  Difficulty,
  DiscussionList,
  DiscussionPostView,
  DiscussionThread,
  DiscussionThreadSummary,
  Distribution,
  Draft,
  HintsView,
  Locale,
  Me,
  Role,
  SubmissionDetail,
  SubmissionMode,
  SubmissionProgress,
  SubmissionStatus,
  SubmissionSummary,
} from './api/types.ts'
export type { FleetView, JobClassView, RunnerView } from './routers/fleetRouter.ts'
