import path from 'node:path'
import { ScaffoldError } from '../scaffold/ScaffoldError.ts'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { colorsFor } from './colors.ts'
import { EXIT, type ExitCode } from './exitCodes.ts'
import { parseChallengeRef } from './parseChallengeRef.ts'

/** `arena new <pack>/<slug>`: a working example challenge to edit, listed in pack.yaml. */
export async function newCommand(ref: string, options: { dir: string }): Promise<ExitCode> {
  const { pack, challenge } = parseChallengeRef(ref)
  const colors = colorsFor(process.stdout)
  try {
    const result = await scaffoldChallenge(options.dir, pack, challenge)
    const shown = path.relative(process.cwd(), result.dir) || '.'
    const packFile = path.join(path.dirname(shown), 'pack.yaml')
    const lines = [
      `${colors.green('created')} ${shown}/`,
      ...result.files.map((file) => `  ${file}`),
      `${colors.green(result.packCreated ? 'created' : 'updated')} ${packFile}`,
      '',
      'Next: edit the TODOs, then check the challenge with',
      `  arena pack validate ${path.dirname(shown)}`,
      `  arena pack test ${path.dirname(shown)} --challenge ${challenge}`,
    ]
    process.stdout.write(`${lines.join('\n')}\n`)
    return EXIT.ok
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error
    process.stderr.write(`${colors.red('error')}: ${error.message}\n`)
    return EXIT.failed
  }
}
