import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
import type { AppRouter, SubmissionProgress } from './appRouter.ts'

export type RouterOutputs = inferRouterOutputs<AppRouter>
export type RouterInputs = inferRouterInputs<AppRouter>

export type User = NonNullable<RouterOutputs['auth']['me']>
export type CourseMap = RouterOutputs['course']['map']
export type CourseTopic = CourseMap['topics'][number]
export type ChallengeSummary = CourseTopic['challenges'][number]
export type Challenge = RouterOutputs['challenge']['get']
export type HintsView = RouterOutputs['hint']['list']
export type AfterSolveView = RouterOutputs['solution']['afterSolve']
export type DiscussionPostView = RouterOutputs['discussion']['thread']['thread']
export type Submission = RouterOutputs['submission']['get']
export type SubmissionTest = Submission['tests'][number]
export type SubmissionListItem = RouterOutputs['submission']['list'][number]
export type ParallelScaling = NonNullable<Submission['parallel']>
export type RunMetrics = NonNullable<Submission['metrics']>
export type TimelineEntry = NonNullable<RunMetrics['timeline']>[number]
export type PerfResult = NonNullable<Submission['perf']>
export type PerfCase = PerfResult['cases'][number]
/** A full Submit's profiles (the reference's only where the server allows it). */
export type SubmissionProfile = NonNullable<Submission['profile']>
export type ProfileSide = SubmissionProfile['submission']
export type CpuProfile = Extract<ProfileSide, { ok: true }>['profile']
export type ProfileFrame = CpuProfile['frames'][number]
export type HotLine = CpuProfile['hotLines'][number]
export type Distribution = RouterOutputs['stats']['distribution']
export type Verdict = NonNullable<Submission['verdict']>
export type Tier = NonNullable<PerfResult['tier']>
/** Live events of a grading: the grader's events, `queued` while waiting, `done` once stored. */
export type ProgressEvent = SubmissionProgress
export type GameProfile = RouterOutputs['game']['profile']
export type GameEvent = GameProfile['events'][number]
export type BadgeInfo = GameProfile['badges'][number]
export type Board = RouterOutputs['leaderboard']['global']
export type BoardEntry = Board['rows'][number]
export type GroupSummary = RouterOutputs['group']['list'][number]
export type GroupDetail = RouterOutputs['group']['get']
export type InstructorView = RouterOutputs['group']['matrix']
export type CellState = InstructorView['rows'][number]['cells'][number]
export type MyAssignment = RouterOutputs['group']['myAssignments'][number]
