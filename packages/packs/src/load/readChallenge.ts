import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { PackProblem } from '../problem.ts'
import { type ChallengeConfig, challengeSchema } from '../schema.ts'
import type { Challenge, ChallengeFiles, ChallengeSources, SlowSolution, WrongSolution } from '../types.ts'
import { exportsEntry } from './exportsEntry.ts'
import { needsPerfTrial, parseExpectHeader, skipsLesson } from './parseExpectHeader.ts'
import { readText } from './readText.ts'
import { validateYaml } from './validateYaml.ts'
import { parseYaml, positionOf } from './yamlSource.ts'

/** The files every challenge folder has, by their key in `ChallengeFiles`. */
const REQUIRED = {
  readme: 'README.md',
  starter: 'starter.ts',
  baseline: 'baseline.ts',
  reference: 'reference.ts',
  tests: 'tests.ts',
} as const

/** Solutions that must export the entry function (wrong ones may fail to, on purpose). */
const ENTRY_FILES = ['starter', 'baseline', 'reference'] as const

export const WRONG_SOLUTIONS_DIR = 'solutions/wrong'
export const SLOW_SOLUTIONS_DIR = 'solutions/slow'

/**
 * Reads and checks one challenge folder. `shownDir` is the folder as problems name it; every problem
 * found is returned, and `challenge` only when there are no errors.
 */
export async function readChallenge(
  dir: string,
  shownDir: string,
): Promise<{ challenge?: Challenge; problems: PackProblem[] }> {
  const problems: PackProblem[] = []
  const shown = (name: string) => path.join(shownDir, name)
  const missing = (name: string) =>
    problems.push({ file: shownDir, message: `${name} missing`, severity: 'error' })

  const configText = await readText(path.join(dir, 'challenge.yaml'))
  let config: Challenge['config'] | undefined
  if (configText === undefined) {
    missing('challenge.yaml')
  } else {
    const { source, problems: yamlProblems } = parseYaml(configText, shown('challenge.yaml'))
    problems.push(...yamlProblems)
    if (!yamlProblems.some((problem) => problem.severity === 'error')) {
      const { value, problems: schemaProblems } = validateYaml(challengeSchema, source)
      problems.push(...schemaProblems)
      config = value
      const folder = path.basename(dir)
      if (config && config.id !== folder) {
        problems.push({
          file: source.file,
          field: 'id',
          message: `"${config.id}" differs from its folder name "${folder}"`,
          severity: 'error',
          ...positionOf(source, ['id']),
        })
      }
      if (
        config &&
        !new RegExp(`(?<![\\w$])${config.entry.replace(/\$/g, '\\$')}(?![\\w$])`).test(config.signature)
      ) {
        problems.push({
          file: source.file,
          field: 'signature',
          message: `does not declare the entry function "${config.entry}"`,
          severity: 'error',
          ...positionOf(source, ['signature']),
        })
      }
    }
  }

  const sources: Partial<ChallengeSources> = {}
  for (const [key, name] of Object.entries(REQUIRED) as [keyof typeof REQUIRED, string][]) {
    const text = await readText(path.join(dir, name))
    if (text === undefined) missing(name)
    else sources[key] = text
  }
  const readmeKo = await readText(path.join(dir, 'README.ko.md'))
  if (readmeKo !== undefined) sources.readmeKo = readmeKo
  const editorial = await readText(path.join(dir, 'editorial.md'))
  if (editorial !== undefined) sources.editorial = editorial
  const editorialKo = await readText(path.join(dir, 'editorial.ko.md'))
  if (editorialKo !== undefined) sources.editorialKo = editorialKo
  if (config) problems.push(...afterSolveProblems(config, { readmeKo, editorial, editorialKo }, shown))

  if (config) {
    for (const key of ENTRY_FILES) {
      const text = sources[key]
      if (text !== undefined && !exportsEntry(text, config.entry)) {
        problems.push({
          file: shown(REQUIRED[key]),
          message: `does not export the entry function "${config.entry}"`,
          severity: 'error',
        })
      }
    }
  }

  const wrong = await readWrongSolutions(dir, shownDir)
  problems.push(...wrong.problems)
  const slow = await readSlowSolutions(dir)

  if (!config || problems.some((problem) => problem.severity === 'error')) return { problems }
  const files: ChallengeFiles = {
    config: path.join(dir, 'challenge.yaml'),
    readme: path.join(dir, REQUIRED.readme),
    starter: path.join(dir, REQUIRED.starter),
    baseline: path.join(dir, REQUIRED.baseline),
    reference: path.join(dir, REQUIRED.reference),
    tests: path.join(dir, REQUIRED.tests),
    ...(readmeKo !== undefined ? { readmeKo: path.join(dir, 'README.ko.md') } : {}),
    ...(editorial !== undefined ? { editorial: path.join(dir, 'editorial.md') } : {}),
    ...(editorialKo !== undefined ? { editorialKo: path.join(dir, 'editorial.ko.md') } : {}),
  }
  return {
    challenge: {
      id: config.id,
      config,
      dir,
      files,
      sources: sources as ChallengeSources,
      wrongSolutions: wrong.solutions,
      slowSolutions: slow,
    },
    problems,
  }
}

/** The `.ts` files of a solutions folder, sorted; none when the folder does not exist. */
async function solutionFiles(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

async function readSlowSolutions(dir: string): Promise<SlowSolution[]> {
  const slowDir = path.join(dir, SLOW_SOLUTIONS_DIR)
  const solutions: SlowSolution[] = []
  for (const name of await solutionFiles(slowDir)) {
    const file = path.join(slowDir, name)
    solutions.push({ name: name.slice(0, -'.ts'.length), file, source: (await readText(file)) ?? '' })
  }
  return solutions
}

async function readWrongSolutions(
  dir: string,
  shownDir: string,
): Promise<{ solutions: WrongSolution[]; problems: PackProblem[] }> {
  const wrongDir = path.join(dir, WRONG_SOLUTIONS_DIR)
  const names = await solutionFiles(wrongDir)
  const solutions: WrongSolution[] = []
  const problems: PackProblem[] = []
  for (const name of names) {
    const file = path.join(wrongDir, name)
    const source = (await readText(file)) ?? ''
    const header = parseExpectHeader(source)
    if (header.ok) {
      solutions.push({
        name: name.slice(0, -'.ts'.length),
        file,
        source,
        expect: header.expect,
        skipsLesson: skipsLesson(source),
        perfTrial: needsPerfTrial(source),
      })
    } else {
      problems.push({
        file: path.join(shownDir, WRONG_SOLUTIONS_DIR, name),
        message: header.message,
        line: header.line,
        severity: 'error',
      })
    }
  }
  return { solutions, problems }
}

/**
 * What a learner gets while stuck and after solving (issue 18.2, 18.3): warnings, not errors, so a
 * new challenge loads before its hints and editorial are written. A Korean statement asks for
 * Korean hints and a Korean editorial too.
 */
function afterSolveProblems(
  config: ChallengeConfig,
  texts: { readmeKo: string | undefined; editorial: string | undefined; editorialKo: string | undefined },
  shown: (name: string) => string,
): PackProblem[] {
  const problems: PackProblem[] = []
  const warn = (file: string, message: string) =>
    problems.push({ file: shown(file), message, severity: 'warning' })
  if (texts.editorial === undefined)
    warn('editorial.md', 'is missing: learners who solve the challenge get no explanation of the reference')
  else if (texts.readmeKo !== undefined && texts.editorialKo === undefined)
    warn('editorial.ko.md', 'is missing: the statement is in Korean, the editorial is not')
  if (config.hints.length === 0)
    warn('challenge.yaml', 'has no hints: a stuck learner gets no nudge (hints: - text: ..., text_ko: ...)')
  else if (texts.readmeKo !== undefined) {
    for (const [index, hint] of config.hints.entries())
      if (hint.text_ko === undefined)
        warn('challenge.yaml', `hint ${index + 1} has no text_ko (the statement is in Korean)`)
  }
  return problems
}
