import { validatePackRead } from '../load/validatePack.ts'
import { formatProblem } from '../problem.ts'
import { colorsFor } from './colors.ts'
import { EXIT, type ExitCode } from './exitCodes.ts'

/** `arena pack validate <dir>`: every problem, or "ok"; exit 1 when there are errors. */
export async function validateCommand(dir: string): Promise<ExitCode> {
  const colors = colorsFor(process.stdout)
  const result = await validatePackRead(dir)
  for (const problem of result.problems) {
    const text = formatProblem(problem)
    process.stdout.write(`${problem.severity === 'error' ? colors.red(text) : colors.yellow(text)}\n`)
  }
  if (!result.ok) {
    const errors = result.problems.filter((problem) => problem.severity === 'error').length
    process.stdout.write(`${colors.red(`${errors} error${errors === 1 ? '' : 's'}`)}\n`)
    return EXIT.failed
  }
  const { config, challenges, hash } = result.pack
  process.stdout.write(
    `${colors.green('ok')} ${config.id}: ${challenges.length} challenge${challenges.length === 1 ? '' : 's'}, hash ${hash.slice(0, 12)}\n`,
  )
  return EXIT.ok
}
