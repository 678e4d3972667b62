import type { ProgressEvent } from '@arena/grader'
import cliProgress from 'cli-progress'
import type { PlannedRun } from '../packTest/planRuns.ts'
import type { PackTestRow } from '../packTest/testPack.ts'
import type { Challenge } from '../types.ts'
import type { Colors } from './colors.ts'
import { describeProgress } from './describeProgress.ts'

/**
 * One progress bar per challenge (cli-progress MultiBar on stderr) showing the solution being graded
 * and its phase. Without a terminal, one line per finished grading instead: CI logs stay readable.
 */
export function createPackTestProgress(colors: Colors, stream: NodeJS.WriteStream = process.stderr) {
  const live = stream.isTTY === true
  const multibar = live
    ? new cliProgress.MultiBar(
        {
          stream,
          format: '{challenge} {bar} {value}/{total} {solution} {phase}',
          barsize: 20,
          hideCursor: true,
          clearOnComplete: false,
          stopOnComplete: false,
          autopadding: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined
  const width = (challenges: Challenge[]) => Math.max(...challenges.map((challenge) => challenge.id.length))
  let pad = 0
  let bar: cliProgress.SingleBar | undefined
  let stopped = false

  return {
    setChallenges(challenges: Challenge[]) {
      pad = width(challenges)
    },
    challengeStarted(challenge: Challenge, runs: PlannedRun[]) {
      bar = multibar?.create(runs.length, 0, {
        challenge: challenge.id.padEnd(pad),
        solution: runs[0]?.solution ?? '',
        phase: '',
      })
    },
    runStarted(run: PlannedRun, index: number) {
      bar?.update(index, { solution: run.solution, phase: colors.dim('starting') })
    },
    progress(run: PlannedRun, event: ProgressEvent) {
      bar?.update({ solution: run.solution, phase: colors.dim(describeProgress(event)) })
    },
    runDone(row: PackTestRow) {
      const verdict = row.ok ? colors.green(row.status) : colors.red(`${row.status} FAIL`)
      if (bar) bar.increment(1, { solution: row.solution, phase: verdict })
      else stream.write(`${row.challenge} ${row.solution}: ${row.status}${row.ok ? '' : ' FAIL'}\n`)
    },
    /** Idempotent: a second stop would redraw the bars over whatever was printed after the first. */
    stop() {
      if (stopped) return
      stopped = true
      multibar?.stop()
    },
  }
}
