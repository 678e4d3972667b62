// The pack editor's Monaco declares tests.ts's authoring API by hand (the real module is server code)
// and the engines' `arena:*` modules (from @arena/engines/browser): every shipped tests.ts and the
// scaffold's, and every shipped solution, must typecheck against those declarations alone, so an
// instructor editing a real file sees no error the repository's typecheck does not.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { expect, it } from 'vitest'
import { arenaModulesDts } from '../../../../packages/engines/src/browser.ts'
import { challengeTemplate } from '../../../../packages/packs/src/scaffold/challengeTemplate.ts'
import { AUTHORING_API_DTS } from './authoringApiDts.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const AUTHORING = '@arena/grader/authoring'

/** The repository's compiler options (tsconfig.json), as its own typecheck uses them. */
function repositoryOptions(): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(REPO_ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  return config?.options ?? {}
}

function describe(diagnostic: ts.Diagnostic): string {
  const where = diagnostic.file
    ? `${path.relative(REPO_ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
    : ''
  return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`
}

function shippedChallenges(): string[] {
  const root = path.join(REPO_ROOT, 'challenges')
  return readdirSync(root, { withFileTypes: true })
    .filter((pack) => pack.isDirectory())
    .flatMap((pack) =>
      readdirSync(path.join(root, pack.name), { withFileTypes: true })
        .filter(
          (entry) => entry.isDirectory() && existsSync(path.join(root, pack.name, entry.name, 'tests.ts')),
        )
        .map((entry) => path.join(root, pack.name, entry.name)),
    )
}

function shippedTests(): string[] {
  return shippedChallenges().map((folder) => path.join(folder, 'tests.ts'))
}

/** starter.ts, baseline.ts, reference.ts and solutions/**: what imports `arena:*`. */
function shippedSolutions(): string[] {
  return shippedChallenges().flatMap((folder) => {
    const own = ['starter.ts', 'baseline.ts', 'reference.ts'].map((name) => path.join(folder, name))
    const solutions = path.join(folder, 'solutions')
    const more = existsSync(solutions)
      ? readdirSync(solutions, { recursive: true, encoding: 'utf8' })
          .filter((name) => name.endsWith('.ts'))
          .map((name) => path.join(solutions, name))
      : []
    return [...own.filter((file) => existsSync(file)), ...more]
  })
}

it("every shipped tests.ts and the scaffold's compile against the pack editor's declarations", () => {
  const scaffold = path.join(REPO_ROOT, 'challenges', '__scaffold__', 'tests.ts')
  const files = shippedTests()
  expect(files.length).toBeGreaterThanOrEqual(19)
  const dtsFile = path.join(REPO_ROOT, 'challenges', '__arena_authoring__.d.ts')
  const virtual = new Map([
    [dtsFile, AUTHORING_API_DTS],
    [scaffold, challengeTemplate('sum-array', 'challenge.schema.json')['tests.ts'] ?? ''],
  ])
  const options = { ...repositoryOptions(), noEmit: true }
  const host = ts.createCompilerHost(options, true)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists(file)
  host.readFile = (file) => virtual.get(path.resolve(file)) ?? readFile(file)
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(file))
    return text === undefined
      ? getSourceFile(file, language, onError, shouldCreate)
      : ts.createSourceFile(file, text, language)
  }
  // The authoring API comes from the declaration only, as in the browser: the real module never resolves.
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions) =>
    literals.map((literal) =>
      literal.text === AUTHORING
        ? { resolvedModule: undefined }
        : ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, undefined, redirected),
    )
  const program = ts.createProgram({ rootNames: [dtsFile, scaffold, ...files], options, host })
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter(
      (diagnostic) => diagnostic.file && /tests\.ts$|__arena_authoring__/.test(diagnostic.file.fileName),
    )
    .map(describe)
  expect(errors).toEqual([])
})

it('every shipped solution compiles against the pack editor’s declarations of the engines', () => {
  const files = shippedSolutions()
  expect(files.filter((file) => file.endsWith('reference.ts')).length).toBeGreaterThanOrEqual(19)
  const dtsFile = path.join(REPO_ROOT, 'challenges', '__arena_modules__.d.ts')
  const options = { ...repositoryOptions(), noEmit: true }
  const host = ts.createCompilerHost(options, true)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (file) => path.resolve(file) === dtsFile || fileExists(file)
  host.readFile = (file) => (path.resolve(file) === dtsFile ? arenaModulesDts() : readFile(file))
  host.getSourceFile = (file, language, onError, shouldCreate) =>
    path.resolve(file) === dtsFile
      ? ts.createSourceFile(file, arenaModulesDts(), language)
      : getSourceFile(file, language, onError, shouldCreate)
  const program = ts.createProgram({ rootNames: [dtsFile, ...files], options, host })
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && files.includes(path.resolve(diagnostic.file.fileName)))
    .map(describe)
  expect(errors).toEqual([])
  // And the check can fail: a module no engine provides is an error here, as in the editor.
  const broken = ts.createProgram({
    rootNames: [dtsFile, path.join(REPO_ROOT, 'challenges', '__missing__.ts')],
    options,
    host: {
      ...host,
      fileExists: (file) => file.endsWith('__missing__.ts') || host.fileExists(file),
      getSourceFile: (file, language, onError, shouldCreate) =>
        file.endsWith('__missing__.ts')
          ? ts.createSourceFile(
              file,
              "import { nothing } from 'arena:nothing'\nexport const x = nothing",
              language,
            )
          : host.getSourceFile(file, language, onError, shouldCreate),
    },
  })
  expect(ts.getPreEmitDiagnostics(broken).map(describe).join('\n')).toMatch(/arena:nothing/)
})
