import path from 'node:path'
import type { GradeRequest, GradeResult, ProgressEvent, Verdict } from '@arena/grader'
import type { PackProblem } from '../problem.ts'
import { toGradable } from '../toGradable.ts'
import { entryInputProblems } from '../typecheck/entryInputProblems.ts'
import { typecheckChallenge } from '../typecheck/typecheckChallenge.ts'
import type { Challenge, Pack } from '../types.ts'
import { type InputLesson, inputLesson } from './inputLesson.ts'
import { judgeRun } from './judgeRun.ts'
import { largestCase } from './largestCase.ts'
import { type LessonWarning, lessonWarnings } from './lessonWarnings.ts'
import { type LimitSuggestion, limitWarnings, measuredSolutions, suggestLimits } from './limitSuggestion.ts'
import { memoryCapProblem } from './memoryCap.ts'
import { grantsWorkers, measureParallelSpeedup, type ParallelSpeedup } from './parallelSpeedup.ts'
import { type PlannedRun, planRuns } from './planRuns.ts'
import { shortCallWarnings } from './shortCalls.ts'
import { type ShuffleLesson, shuffleLesson } from './shuffleLesson.ts'

/** The part of the grader `testPack` uses. */
export interface Grading {
  grade(request: GradeRequest): Promise<GradeResult>
}

export interface PackTestRow {
  challenge: string
  solution: string
  /** As shown to the author (relative to the working directory). */
  file: string
  mode: PlannedRun['mode']
  expect: PlannedRun['expect']
  status: Verdict
  ok: boolean
  reason?: string
  /** What the author should know of a run that passed (e.g. a route around the lesson not judged here). */
  note?: string
  /** The largest perf case, full-mode runs only: ratio to the reference, its spread and rounds. */
  ratio?: number
  spread?: number
  rounds?: number
  /**
   * The reference of a challenge granting `pool` with more than one worker: its speedup over one
   * worker (reported, not judged: a busy machine lowers it), or why it could not be measured.
   */
  parallel?: ParallelSpeedup | { error: string }
  /** The baseline of a mapreduce or dataset challenge: its shuffle and the reference's on the largest case. */
  shuffle?: ShuffleLesson
  /** The baseline of a challenge with `perf.maxInputShare`: the bytes it and the reference read, on the largest case. */
  input?: InputLesson
  /** Absent when the grader threw (a fault of the harness or of tests.ts, reported in `reason`). */
  result?: GradeResult
}

export interface PackTestReport {
  pack: string
  hash: string
  ok: boolean
  /** Type errors of reference/baseline/starter against the learner's .d.ts. */
  typeProblems: PackProblem[]
  rows: PackTestRow[]
  /** What the author must answer that grading cannot judge (no shortcut tested, a partial counter clock). */
  warnings: LessonWarning[]
  /** Per challenge with a measured trial: limits suggested from the measured times and peaks, beside the set ones. */
  limits?: ChallengeLimits[]
}

export interface ChallengeLimits {
  challenge: string
  /** The challenge's challenge.yaml, as shown to the author. */
  file: string
  suggested: LimitSuggestion
  set: { cpuMs: number; wallMs: number; memoryMb: number }
}

export interface PackTestOptions {
  grader: Grading
  /** Challenge ids to test; all when omitted. */
  only?: readonly string[]
  secretSeed?: number
  /** Skip the TypeScript check (it takes a second or two per challenge). */
  typecheck?: boolean
  onChallengeStart?(challenge: Challenge, runs: PlannedRun[]): void
  onRunStart?(challenge: Challenge, run: PlannedRun, index: number): void
  onProgress?(challenge: Challenge, run: PlannedRun, event: ProgressEvent): void
  onRunDone?(challenge: Challenge, row: PackTestRow): void
}

/**
 * The pack's self-test: grades every challenge's reference, baseline, starter and wrong solutions
 * one after another (never in parallel: concurrent gradings would disturb each other's timings) and
 * judges each result against its role.
 */
export async function testPack(pack: Pack, options: PackTestOptions): Promise<PackTestReport> {
  const selected = options.only
    ? pack.challenges.filter((challenge) => options.only?.includes(challenge.id))
    : pack.challenges
  const shownDir = (challenge: Challenge) => path.relative(process.cwd(), challenge.dir) || '.'
  const typeProblems: PackProblem[] = []
  const rows: PackTestRow[] = []
  const warnings: LessonWarning[] = []
  const limits: ChallengeLimits[] = []

  for (const challenge of selected) {
    if (options.typecheck !== false) {
      typeProblems.push(...entryInputProblems(challenge, shownDir(challenge)))
      typeProblems.push(...typecheckChallenge(challenge, shownDir(challenge)))
    }
    warnings.push(...lessonWarnings(challenge, shownDir(challenge)))
    const gradable = toGradable(pack, challenge)
    const runs = planRuns(challenge)
    options.onChallengeStart?.(challenge, runs)
    for (const [index, run] of runs.entries()) {
      options.onRunStart?.(challenge, run, index)
      const base = {
        challenge: challenge.id,
        solution: run.solution,
        file: path.relative(process.cwd(), run.file),
        mode: run.mode,
        expect: run.expect,
      }
      let row: PackTestRow
      try {
        const result = await options.grader.grade({
          challenge: gradable,
          source: run.source,
          filename: path.basename(run.file),
          mode: run.mode,
          // A row is judged on its verdict, trial and counters; nothing of a pack test shows the untimed
          // profile round (after the trial, or after a TimeLimit: the slow code once more to its limit).
          profile: false,
          ...(options.secretSeed !== undefined ? { secretSeed: options.secretSeed } : {}),
          onProgress: (event) => options.onProgress?.(challenge, run, event),
        })
        const judgement = judgeRun(run, result, challenge.config)
        const largest = largestCase(result.perf)
        row = {
          ...base,
          status: result.status,
          ok: judgement.ok,
          ...(judgement.ok ? {} : { reason: judgement.reason }),
          ...(judgement.ok && judgement.note ? { note: judgement.note } : {}),
          ...(largest ? { ratio: largest.ratio, spread: largest.spread, rounds: largest.rounds } : {}),
          result,
        }
        const shuffle =
          run.role === 'baseline'
            ? shuffleLesson(
                largest,
                challenge.config.clock,
                challenge.config.perf.maxShuffleShare,
                challenge.config.perf.maxPartitionSkew,
              )
            : undefined
        if (shuffle) row.shuffle = shuffle
        if (shuffle?.problem && row.ok) Object.assign(row, { ok: false, reason: shuffle.problem })
        const input =
          run.role === 'baseline' ? inputLesson(largest, challenge.config.perf.maxInputShare) : undefined
        if (input) row.input = input
        if (input?.problem && row.ok) Object.assign(row, { ok: false, reason: input.problem })
        if (run.role === 'reference' && run.mode === 'full') {
          const file = path.join(shownDir(challenge), 'challenge.yaml')
          for (const message of shortCallWarnings(result, challenge.config))
            warnings.push({ challenge: challenge.id, file, message })
        }
        const overCap = run.role === 'reference' ? memoryCapProblem(result, challenge.config) : undefined
        if (overCap && row.ok) Object.assign(row, { ok: false, reason: overCap })
        if (run.role === 'reference' && result.status === 'Accepted' && grantsWorkers(challenge)) {
          row.parallel = await measureParallelSpeedup(options.grader, gradable, result, {
            source: run.source,
            filename: path.basename(run.file),
            profile: false,
            ...(options.secretSeed !== undefined ? { secretSeed: options.secretSeed } : {}),
            onProgress: (event) => options.onProgress?.(challenge, run, event),
          })
        }
      } catch (error) {
        // e.g. tests.ts does not build: every later run would fail the same way, but each row says so.
        const reason = error instanceof Error ? error.message : String(error)
        row = { ...base, status: 'InternalError', ok: false, reason: `grader fault: ${reason}` }
      }
      rows.push(row)
      options.onRunDone?.(challenge, row)
    }
    const measured = rows.flatMap((row) =>
      row.challenge === challenge.id &&
      row.result &&
      row.mode === 'full' &&
      /^(reference|baseline|slow\/)/.test(row.solution)
        ? measuredSolutions(row.solution, row.result)
        : [],
    )
    const suggested = suggestLimits(measured)
    if (suggested) {
      const file = path.join(shownDir(challenge), 'challenge.yaml')
      const { cpuMs, wallMs, memoryMb } = challenge.config.limits
      limits.push({ challenge: challenge.id, file, suggested, set: { cpuMs, wallMs, memoryMb } })
      for (const message of limitWarnings(challenge.config, suggested))
        warnings.push({ challenge: challenge.id, file, message })
    }
  }
  return {
    pack: pack.config.id,
    hash: pack.hash,
    ok: typeProblems.length === 0 && rows.every((row) => row.ok),
    typeProblems,
    rows,
    warnings,
    limits,
  }
}
