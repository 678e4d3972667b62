// Which runner classes a board can show, and which one it shows by default. Scores compare only within
// one runner class (a GPU's times mean nothing beside a CPU's), so every class with results gets its
// own board and the page offers a selector over them.
import type { ArenaDb } from '@arena/db'

/** `gpu:nvidia-h100` → `gpu`: the kind a challenge's `runners` lists. */
function runnerKindOf(runnerClass: string): string {
  return runnerClass.split(':')[0] as string
}

/** A runner class with results on a board, and how many learners are on it. */
export interface BoardClass {
  runnerClass: string
  learners: number
}

/**
 * The runner classes with a ranked (scored, Accepted full) result on one challenge row, most learners
 * first. A software GPU's results are unscored, so its class has nothing to rank and is not listed.
 */
export function challengeBoardClasses(db: ArenaDb, challengeId: number): BoardClass[] {
  return db.$client
    .prepare(
      `SELECT runner_class AS runnerClass, COUNT(DISTINCT user_id) AS learners FROM submissions
        WHERE challenge_id = ? AND mode = 'full' AND verdict = 'Accepted' AND score IS NOT NULL
        GROUP BY runner_class ORDER BY learners DESC, runner_class`,
    )
    .all(challengeId) as BoardClass[]
}

/** The runner classes someone holds a rating on, most learners first. */
export function ratingBoardClasses(db: ArenaDb): BoardClass[] {
  return db.$client
    .prepare(
      `SELECT runner_class AS runnerClass, COUNT(*) AS learners FROM game_ratings
        GROUP BY runner_class ORDER BY learners DESC, runner_class`,
    )
    .all() as BoardClass[]
}

/**
 * The class a challenge board opens on: the busiest class of the challenge's own kind (a GPU
 * challenge: the GPU class with results), else the server's own class when the challenge runs there,
 * else the challenge's first kind (an empty board that says so).
 */
export function defaultChallengeClass(
  classes: BoardClass[],
  challengeRunners: readonly string[] | undefined,
  serverClass: string,
): string {
  const kinds =
    challengeRunners && challengeRunners.length > 0 ? challengeRunners : [runnerKindOf(serverClass)]
  const ownKind = classes.find((each) => kinds.includes(runnerKindOf(each.runnerClass)))
  if (ownKind) return ownKind.runnerClass
  if (kinds.includes(runnerKindOf(serverClass))) return serverClass
  return kinds[0] as string
}

/** The class a rating board opens on: the server's own when someone is rated there, else the busiest. */
export function defaultRatingClass(classes: BoardClass[], serverClass: string): string {
  if (classes.length === 0 || classes.some((each) => each.runnerClass === serverClass)) return serverClass
  return (classes[0] as BoardClass).runnerClass
}

/** Submissions among `ids` whose trial the grader marked noisy (`perf.noisy`): boards show the mark. */
export function noisySubmissions(db: ArenaDb, ids: number[]): Set<number> {
  if (ids.length === 0) return new Set()
  const rows = db.$client
    .prepare(
      `SELECT id FROM submissions
        WHERE id IN (SELECT value FROM json_each(?)) AND json_extract(result, '$.perf.noisy') = 1`,
    )
    .all(JSON.stringify(ids)) as { id: number }[]
  return new Set(rows.map((row) => row.id))
}
