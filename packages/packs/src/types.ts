import type { Verdict } from '@arena/grader'
import type { ChallengeConfig, PackConfig } from './schema.ts'

/** A pack read from disk and validated: what the server, the runner and the CLI work from. */
export interface Pack {
  config: PackConfig
  /** Absolute path of the pack folder. */
  dir: string
  /** sha256 (hex) over the sorted relative paths and bytes of every file of the pack. */
  hash: string
  /** In pack.yaml order. */
  challenges: Challenge[]
}

export interface Challenge {
  /** The folder name, equal to `config.id`. */
  id: string
  config: ChallengeConfig
  /** Absolute path of the challenge folder. */
  dir: string
  /** Absolute paths. */
  files: ChallengeFiles
  sources: ChallengeSources
  /** In file-name order. */
  wrongSolutions: WrongSolution[]
  /** `solutions/slow/`, in file-name order: correct routes around the lesson that must not reach gold. */
  slowSolutions: SlowSolution[]
}

export interface ChallengeFiles {
  config: string
  readme: string
  readmeKo?: string
  /** Shown to learners after an Accepted Submit, beside the reference (optional; pack test warns). */
  editorial?: string
  editorialKo?: string
  starter: string
  baseline: string
  reference: string
  tests: string
}

export interface ChallengeSources {
  readme: string
  readmeKo?: string
  editorial?: string
  editorialKo?: string
  starter: string
  baseline: string
  reference: string
  /** Instructor code: never send it to a browser. */
  tests: string
}

/** A file of `solutions/wrong/` that the harness must reject. */
export interface WrongSolution {
  /** File name without `.ts`, e.g. `off-by-one`. */
  name: string
  /** Absolute path. */
  file: string
  source: string
  /** From the `// @expect <Verdict>` first line; null: any verdict but Accepted. */
  expect: Verdict | null
  /** Marked `@skips-lesson` in its leading comment: a shortcut around the lesson, which must be rejected. */
  skipsLesson: boolean
  /** Marked `@perf-trial`: rejected only on a timed case, so graded with the performance trial. */
  perfTrial: boolean
}

/**
 * A file of `solutions/slow/`: a correct solution that takes a route around the lesson (another
 * algorithm, no engine, the engine used naively). The harness demands Accepted and a score below gold,
 * so the lesson stays the only way to the best score.
 */
export interface SlowSolution {
  /** File name without `.ts`. */
  name: string
  /** Absolute path. */
  file: string
  source: string
}
