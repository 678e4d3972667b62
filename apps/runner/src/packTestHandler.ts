import path from 'node:path'
import type { Grader } from '@arena/grader'
import { formatPackTestReport, type PackTestReport, type PackTestRow, testPack } from '@arena/packs'
import type { PackVersions } from './PackVersions.ts'
import type { JobHandler } from './Runner.ts'

// A job kind beside grading: `arena pack test` of one pack version (an instructor's draft, which the
// server stores in the pack store by content hash). apps/server/src/authoring/packTestTypes.ts spells
// the same shapes (an app never imports another app); the queue carries them as JSON.

export interface PackTestJobPayload {
  kind: 'pack-test'
  /** The pack_tests row the server keeps the outcome in. */
  testId: number
  packId: string
  packHash: string
}

/** What the runner publishes while it tests: the plan of each challenge, then each finished row. */
export type PackTestEvent =
  | { type: 'plan'; challenge: string; solutions: { solution: string; expect: string }[] }
  | { type: 'run'; challenge: string; solution: string }
  /** Where the grading of one solution stands (tests n of m, perf case and round). */
  | { type: 'step'; challenge: string; solution: string; step: string }
  | { type: 'row'; row: PackTestReportRow }

/** A row without the full GradeResult (tests, perf cases): what the table shows. */
export type PackTestReportRow = Omit<PackTestRow, 'result'> & { message?: string }

export interface PackTestJobResult {
  report: Omit<PackTestReport, 'rows'> & { rows: PackTestReportRow[] }
  /** The table `arena pack test` prints, without colors. */
  text: string
}

/**
 * `pack-test` jobs: `arena pack test` of the pack version the job names (found by content hash like a
 * grading's), one grading at a time, each aborted when the job is (lease lost, runner stopping). The
 * runner publishes the plan and every finished row as progress; the report is the job's result.
 */
export function packTestHandler(grader: Grader, packs: PackVersions): JobHandler {
  return async (job, { signal, onProgress, log }) => {
    const payload = job.payload as PackTestJobPayload
    const pack = await packs.pack(payload.packId, payload.packHash)
    log.info({ pack: pack.config.id, hash: pack.hash.slice(0, 12) }, 'testing pack')
    // Paths in the report are relative to the pack folder, as the author knows them.
    const shown = path.relative(process.cwd(), pack.dir)
    const relative = (file: string) => (file.startsWith(`${shown}/`) ? file.slice(shown.length + 1) : file)
    const publish = (event: PackTestEvent) => onProgress(event)
    const report = await testPack(pack, {
      grader: { grade: (request) => grader.grade({ ...request, signal }) },
      onChallengeStart: (challenge, runs) =>
        publish({
          type: 'plan',
          challenge: challenge.id,
          solutions: runs.map((run) => ({ solution: run.solution, expect: run.expect })),
        }),
      onRunStart: (challenge, run) =>
        publish({ type: 'run', challenge: challenge.id, solution: run.solution }),
      onProgress: (challenge, run, event) => {
        const step =
          event.phase === 'testing'
            ? `tests ${event.done}/${event.total}`
            : event.phase === 'perf'
              ? `perf ${event.caseName}, round ${event.round}/${event.maxRounds}`
              : event.phase === 'profiling'
                ? `profiling ${event.caseName}`
                : undefined
        if (step) publish({ type: 'step', challenge: challenge.id, solution: run.solution, step })
      },
      onRunDone: (_challenge, row) =>
        publish({ type: 'row', row: { ...shortRow(row), file: relative(row.file) } }),
    })
    for (const problem of report.typeProblems) problem.file = relative(problem.file)
    for (const row of report.rows) row.file = relative(row.file)
    // Warnings name a challenge folder or its challenge.yaml: shown like the rows, not as runner paths.
    for (const warning of report.warnings) warning.file = relative(warning.file)
    const plain = new Proxy({}, { get: () => (text: string) => text }) as Parameters<
      typeof formatPackTestReport
    >[1]
    const result: PackTestJobResult = {
      report: { ...report, rows: report.rows.map(shortRow) },
      text: formatPackTestReport(report, plain),
    }
    return result
  }
}

function shortRow(row: PackTestRow): PackTestReportRow {
  const { result, ...rest } = row
  return result?.message ? { ...rest, message: result.message } : rest
}
