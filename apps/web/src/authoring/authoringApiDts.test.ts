// The pack editor's Monaco declares tests.ts's authoring API by hand (the real module is server code):
// every shipped tests.ts and the scaffold's must typecheck against that declaration alone, so an
// instructor editing a real tests.ts sees no error the repository's typecheck does not.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { expect, it } from 'vitest'
import { challengeTemplate } from '../../../../packages/packs/src/scaffold/challengeTemplate.ts'
import { AUTHORING_API_DTS } from './authoringApiDts.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const AUTHORING = '@arena/grader/authoring'

function shippedTests(): string[] {
  const root = path.join(REPO_ROOT, 'challenges')
  return readdirSync(root, { withFileTypes: true })
    .filter((pack) => pack.isDirectory())
    .flatMap((pack) =>
      readdirSync(path.join(root, pack.name), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => path.join(root, pack.name, entry.name, 'tests.ts')),
    )
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
  const options = { ...config?.options, noEmit: true }
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
    .map((diagnostic) => {
      const where = diagnostic.file
        ? `${path.relative(REPO_ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
        : ''
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`
    })
  expect(errors).toEqual([])
})
