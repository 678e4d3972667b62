import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { PackInvalidError } from '../PackInvalidError.ts'
import { topicLines } from '../vocabulary.ts'
import { colorsFor } from './colors.ts'
import { EXIT, type ExitCode } from './exitCodes.ts'
import { UsageError } from './UsageError.ts'

// Commands are imported when run: the grader and TypeScript take a second to load, and
// `arena pack validate` or `arena --help` should not wait for them.

function integer(value: string): number {
  const parsed = Number(value)
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer')
  return parsed
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** Runs the `arena` command line and resolves to its exit code (it never calls process.exit). */
export async function runCli(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok
  const done = (code: ExitCode) => {
    exitCode = code
  }

  const program = new Command('arena')
    .description('Alpaca Arena: validate, test and grade challenge packs')
    .exitOverride()
    .showHelpAfterError('(arena --help shows usage)')
    .configureOutput({ outputError: (text, write) => write(colorsFor(process.stderr).red(text)) })

  const pack = program.command('pack').description('check a challenge pack').exitOverride()
  pack
    .command('validate')
    .description('check pack.yaml, every challenge folder and its files; print every problem or "ok"')
    .argument('<dir>', 'the pack folder, e.g. challenges/core')
    .exitOverride()
    .action(async (dir: string) => done(await (await import('./validateCommand.ts')).validateCommand(dir)))
  pack
    .command('test')
    .description(
      "grade every challenge's reference, baseline, starter and wrong solutions; fail when one behaves unlike its role",
    )
    .argument('<dir>', 'the pack folder, e.g. challenges/core')
    .option('--challenge <id>', 'test only this challenge (repeatable)', collect)
    .option('--json', 'print the report as JSON')
    .option('--seed <n>', 'secret seed of the generated tests and perf rounds (random by default)', integer)
    .option('--no-typecheck', 'skip type-checking the solutions against the learner .d.ts')
    .addOption(
      new Option('--runner <kind>', "runner class to grade on: cpu, or gpu (this machine's WebGPU adapter)")
        .choices(['cpu', 'gpu'])
        .default('cpu'),
    )
    .exitOverride()
    .action(async (dir: string, options) =>
      done(await (await import('./packTestCommand.ts')).packTestCommand(dir, options)),
    )

  program
    .command('grade')
    .description('grade a solution file like a submission')
    .argument('<challenge>', '<pack>/<challenge>, e.g. core/zscore-columns')
    .argument('<file>', 'the TypeScript solution to grade')
    .addOption(
      new Option(
        '--mode <mode>',
        'samples: sample tests; tests: all tests; full: all tests + performance trial',
      )
        .choices(['samples', 'tests', 'full'])
        .default('full'),
    )
    .option('--dir <root>', 'folder holding the packs', './challenges')
    .option('--json', 'print the GradeResult as JSON')
    .addOption(
      new Option('--runner <kind>', "runner class to grade on: cpu, or gpu (this machine's WebGPU adapter)")
        .choices(['cpu', 'gpu'])
        .default('cpu'),
    )
    .option('--seed <n>', 'secret seed of the generated tests and perf rounds (random by default)', integer)
    .exitOverride()
    .action(async (challenge: string, file: string, options) =>
      done(await (await import('./gradeCommand.ts')).gradeCommand(challenge, file, options)),
    )

  program
    .command('new')
    .description(
      'scaffold a working example challenge and list it in pack.yaml (creating the pack if needed)',
    )
    .argument('<challenge>', '<pack>/<slug>, e.g. core/external-sort')
    .option('--dir <root>', 'folder holding the packs', './challenges')
    .addHelpText(
      'after',
      `\nTopics (challenge.yaml \`topic\`):\n${topicLines()
        .map((line) => `  ${line}`)
        .join('\n')}`,
    )
    .exitOverride()
    .action(async (challenge: string, options) =>
      done(await (await import('./newCommand.ts')).newCommand(challenge, options)),
    )

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other commander error is a malformed command line.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (error instanceof UsageError || error instanceof PackInvalidError) {
      process.stderr.write(`${colorsFor(process.stderr).red('error')}: ${error.message}\n`)
      return EXIT.usage
    }
    throw error
  }
}
