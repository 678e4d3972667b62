import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ts from 'typescript'
import { expect, it } from 'vitest'
import { REPO_ROOT } from '../testing/tempRoot.ts'

const GUIDE = path.join(REPO_ROOT, 'challenges', 'README.md')

/** The guide's fenced `ts` blocks that are whole modules (they import): what an author copies into tests.ts. */
function moduleExamples(markdown: string): { line: number; code: string }[] {
  const examples: { line: number; code: string }[] = []
  for (const match of markdown.matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)) {
    const indent = match[1] ?? ''
    const code = (match[2] ?? '')
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n')
    if (!/^import /m.test(code)) continue
    examples.push({ line: markdown.slice(0, match.index).split('\n').length, code })
  }
  return examples
}

// An author who copies an example into tests.ts gets the repository's typecheck (issue 19.12): the
// examples compile under the root tsconfig, noUncheckedIndexedAccess included, so they cannot drift.
it("the guide's tests.ts examples compile under the repository's tsconfig", async () => {
  const examples = moduleExamples(await readFile(GUIDE, 'utf8'))
  expect(examples.length).toBeGreaterThanOrEqual(2)
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
  const options = config?.options ?? {}
  expect(options.noUncheckedIndexedAccess).toBe(true)
  // Beside real challenges, so `@arena/grader/authoring` resolves as it does for a tests.ts.
  const virtual = new Map(
    examples.map(({ line, code }) => [path.join(REPO_ROOT, 'challenges', `__guide_line_${line}__.ts`), code]),
  )
  const host = ts.createCompilerHost(options, true)
  const { fileExists, readFile: read, getSourceFile } = host
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists(file)
  host.readFile = (file) => virtual.get(path.resolve(file)) ?? read(file)
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(file))
    return text === undefined
      ? getSourceFile(file, language, onError, shouldCreate)
      : ts.createSourceFile(file, text, language)
  }
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host })
  const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    if (!diagnostic.file || diagnostic.start === undefined) return message
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    const block = /__guide_line_(\d+)__/.exec(diagnostic.file.fileName)
    // Lines of challenges/README.md: the block's fence line plus the line inside it.
    return block ? `challenges/README.md:${Number(block[1]) + line + 1}: ${message}` : message
  })
  expect(errors).toEqual([])
}, 60_000)
