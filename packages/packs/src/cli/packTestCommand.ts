import { createGrader, runnerMismatch } from '@arena/grader'
import { testPack } from '../packTest/testPack.ts'
import { formatProblem } from '../problem.ts'
import { toGradable } from '../toGradable.ts'
import { colorsFor } from './colors.ts'
import { EXIT, type ExitCode } from './exitCodes.ts'
import { formatPackTestReport } from './formatPackTestReport.ts'
import { createPackTestProgress } from './packTestProgress.ts'
import { type RunnerKind, resolveRunnerClass } from './resolveRunnerClass.ts'
import { selectChallenges } from './selectChallenges.ts'
import { UsageError } from './UsageError.ts'

export interface PackTestCommandOptions {
  challenge?: string[]
  json?: boolean
  seed?: number
  typecheck: boolean
  /** `gpu` grades on this machine's WebGPU adapter (`gpu:<adapter>`); `cpu` by default. */
  runner?: RunnerKind
}

/** `arena pack test <dir>`: grades every solution of every challenge and checks it behaves as its role demands. */
export async function packTestCommand(dir: string, options: PackTestCommandOptions): Promise<ExitCode> {
  const colors = colorsFor(process.stdout)
  const selection = await selectChallenges(dir, options.challenge ?? [])
  if (!selection.ok) {
    for (const problem of selection.problems) process.stdout.write(`${colors.red(formatProblem(problem))}\n`)
    process.stdout.write(`${colors.red('the pack is invalid; fix the problems above first')}\n`)
    return EXIT.failed
  }
  const { pack } = selection
  for (const problem of selection.otherProblems) {
    process.stderr.write(`${colors.yellow(`warning: ${formatProblem(problem)}`)}\n`)
  }

  const runnerClass = await resolveRunnerClass(options.runner)
  // A challenge for another runner kind would fail every grading with the same message: say it once.
  const challenges = selection.challenges.filter((challenge) => {
    const mismatch = runnerMismatch(toGradable(pack, challenge), runnerClass)
    if (mismatch) process.stderr.write(`${colors.yellow(`skipped: ${mismatch}`)}\n`)
    return !mismatch
  })
  if (challenges.length === 0) {
    throw new UsageError(`no challenge of ${dir} runs on a \`${runnerClass}\` runner (see the lines above)`)
  }
  const progress = createPackTestProgress(colorsFor(process.stderr))
  progress.setChallenges(challenges)
  // One sandbox worker, one grading at a time: timings of concurrent runs would disturb each other.
  const grader = createGrader({ workers: 1, runnerClass })
  try {
    const report = await testPack(pack, {
      grader,
      only: challenges.map((challenge) => challenge.id),
      ...(options.seed !== undefined ? { secretSeed: options.seed } : {}),
      typecheck: options.typecheck,
      onChallengeStart: (challenge, runs) => progress.challengeStarted(challenge, runs),
      onRunStart: (_challenge, run, index) => progress.runStarted(run, index),
      onProgress: (_challenge, run, event) => progress.progress(run, event),
      onRunDone: (_challenge, row) => progress.runDone(row),
    })
    progress.stop()
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    else process.stdout.write(`${formatPackTestReport(report, colors)}\n`)
    return report.ok ? EXIT.ok : EXIT.failed
  } finally {
    progress.stop()
    await grader.close()
  }
}
