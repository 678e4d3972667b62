import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { createGrader, type GradeMode } from '@arena/grader'
import { formatProblem } from '../problem.ts'
import { toGradable } from '../toGradable.ts'
import { colorsFor } from './colors.ts'
import { describeProgress } from './describeProgress.ts'
import { EXIT, type ExitCode } from './exitCodes.ts'
import { formatGradeResult } from './formatGradeResult.ts'
import { parseChallengeRef } from './parseChallengeRef.ts'
import { type RunnerKind, resolveRunnerClass } from './resolveRunnerClass.ts'
import { selectChallenges } from './selectChallenges.ts'
import { createStatusLine } from './statusLine.ts'
import { UsageError } from './UsageError.ts'

export interface GradeOptions {
  json?: boolean
  mode: GradeMode
  dir: string
  seed?: number
  /** `gpu` grades on this machine's WebGPU adapter (`gpu:<adapter>`); `cpu` by default. */
  runner?: RunnerKind
}

/** `arena grade <pack>/<challenge> <file.ts>`: 0 when Accepted, 1 otherwise, 2 when it cannot grade. */
export async function gradeCommand(ref: string, file: string, options: GradeOptions): Promise<ExitCode> {
  const { pack: packId, challenge: challengeId } = parseChallengeRef(ref)
  const source = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
  })

  const packDir = path.join(options.dir, packId)
  const selection = await selectChallenges(packDir, [challengeId])
  if (!selection.ok) {
    const problems = selection.problems.map(formatProblem).join('\n')
    throw new UsageError(`cannot load ${ref} from ${packDir}:\n${problems}`)
  }
  const { pack, challenges } = selection
  const challenge = challenges[0]!

  const runnerClass = await resolveRunnerClass(options.runner)
  const status = createStatusLine()
  const grader = createGrader({ runnerClass })
  try {
    const result = await grader.grade({
      challenge: toGradable(pack, challenge),
      source,
      filename: path.basename(file),
      mode: options.mode,
      ...(options.seed !== undefined ? { secretSeed: options.seed } : {}),
      onProgress: (event) => status.update(`${ref} ${describeProgress(event)}`),
    })
    status.clear()
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else process.stdout.write(`${formatGradeResult(result, file, colorsFor(process.stdout))}\n`)
    return result.status === 'Accepted' ? EXIT.ok : EXIT.failed
  } finally {
    status.clear()
    await grader.close()
  }
}
