// @arena/db: the platform's SQLite schema (drizzle) and the small named queries the apps use.

export { backupDatabase } from './backupDatabase.ts'
export {
  type ArenaDb,
  configureConnection,
  DEFAULT_DB_FILE,
  MIGRATIONS_DIR,
  type OpenDatabaseOptions,
  openDatabase,
} from './openDatabase.ts'
export {
  type BoardOptions,
  type BoardPage,
  type BoardRow,
  challengeBoard,
  ratingBoard,
  xpBoard,
} from './queries/boards.ts'
export { type DraftRow, getDraft, saveDraft } from './queries/drafts.ts'
export {
  ensureGameProfile,
  findGameProfile,
  type GameEventRow,
  type GameFactRow,
  type GameProfileRow,
  type GameRatingRow,
  gameFactsOf,
  grantGameEvents,
  hasGameEvent,
  listGameEvents,
  listGameRatings,
  type NewGameEvent,
  otherBestScores,
  saveGameRating,
  updateGameSettings,
} from './queries/game.ts'
export {
  addGroupAssignment,
  addGroupMember,
  createStudyGroup,
  deleteGroupAssignment,
  deleteStudyGroup,
  findStudyGroup,
  findStudyGroupByCode,
  type GroupAssignmentRow,
  type GroupMember,
  groupRoleOf,
  listGroupAssignments,
  listGroupMembers,
  listUserGroups,
  type MemberResult,
  memberResults,
  removeGroupMember,
  type StudyGroupRow,
  setGroupRole,
  setInviteCode,
} from './queries/groups.ts'
export {
  type ChallengeRow,
  type ChallengeWithPack,
  findChallengeById,
  findChallengeVersion,
  findCurrentChallenge,
  findPackVersionByHash,
  insertPackVersion,
  listCurrentChallenges,
  listPackVersions,
  type NewChallenge,
  type NewPackVersion,
  type PackRow,
  setCurrentPackVersions,
} from './queries/packs.ts'
export { type ChallengeProgress, challengeProgressOf } from './queries/progress.ts'
export {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findSession,
  type SessionRow,
} from './queries/sessions.ts'
export { type BestScore, bestAcceptedScores } from './queries/stats.ts'
export {
  findMetrics,
  findSubmission,
  findUserSubmission,
  insertSubmission,
  listTestResults,
  listUnfinishedSubmissions,
  listUserSubmissions,
  type MetricsRow,
  markSubmissionRunning,
  type NewMetrics,
  type NewSubmission,
  type NewTestResult,
  recordSubmissionResult,
  type StoredOutcome,
  type SubmissionRow,
  type SubmissionWithVersion,
  type TestResultRow,
} from './queries/submissions.ts'
export {
  createUser,
  findUserById,
  findUserByUsername,
  type NewUser,
  setUserLocale,
  setUserRole,
  type UserRow,
} from './queries/users.ts'
export {
  GAME_EVENT_KINDS,
  GROUP_ROLES,
  type GroupRole,
  LOCALES,
  type Locale,
  ROLES,
  type Role,
  type SampleExcerpt,
  SUBMISSION_MODES,
  SUBMISSION_STATUSES,
  type SubmissionMode,
  type SubmissionStatus,
} from './schema.ts'
