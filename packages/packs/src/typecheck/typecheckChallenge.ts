import path from 'node:path'
import type ts from 'typescript'
import { challengeDts } from '../dts/challengeDts.ts'
import type { PackProblem } from '../problem.ts'
import type { Challenge } from '../types.ts'
import { loadTypescript } from './loadTypescript.ts'

export type SolutionRole = 'reference' | 'baseline' | 'starter'

// What learner code sees: the language and the generated .d.ts, nothing of Node or the DOM.
export function learnerCompilerOptions(): ts.CompilerOptions {
  const ts = loadTypescript()
  return {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    strict: true,
    noEmit: true,
    types: [],
    skipLibCheck: true,
  }
}

/**
 * Type-checks solution files the way a learner's editor would see them (the generated .d.ts, no Node
 * types) and checks that each one's entry matches the signature. `shownDir` is the challenge folder
 * as problems name it.
 */
export function typecheckChallenge(
  challenge: Challenge,
  shownDir: string,
  roles: readonly SolutionRole[] = ['reference', 'baseline', 'starter'],
): PackProblem[] {
  const ts = loadTypescript()
  const options = learnerCompilerOptions()
  const entry = challenge.config.entry
  const virtual = new Map<string, string>()
  const dtsFile = path.join(challenge.dir, '__arena_learner__.d.ts')
  virtual.set(dtsFile, challengeDts(challenge))
  const roots = [dtsFile]
  for (const role of roles) {
    const file = challenge.files[role]
    roots.push(file)
    // The entry must be assignable to the declared one: what the learner is told is what is graded.
    const check = path.join(challenge.dir, `__arena_check_${role}__.ts`)
    virtual.set(
      check,
      `import { ${entry} as __entry } from './${path.basename(file)}'\nexport const __check: typeof ${entry} = __entry\n`,
    )
    roots.push(check)
  }

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

  const program = ts.createProgram({ rootNames: roots, options, host })
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => toProblem(diagnostic, challenge, shownDir))
}

/** "Cannot find name 'Buffer'. Do you need to install type definitions for node? …" */
const NODE_TYPES_HINTS = new Set([2580, 2591])

function toProblem(diagnostic: ts.Diagnostic, challenge: Challenge, shownDir: string): PackProblem {
  let message = loadTypescript().flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  if (NODE_TYPES_HINTS.has(diagnostic.code)) {
    // Installing @types/node is the wrong advice here: the sandbox has no Node APIs to type.
    message = `${message.split('. ')[0]}: learner code runs in a sandbox without Node's APIs`
  }
  const file = diagnostic.file
  if (!file || diagnostic.start === undefined) return { file: shownDir, message, severity: 'error' }
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start)
  const base = path.basename(file.fileName)
  const checked = /^__arena_check_(\w+)__\.ts$/.exec(base)
  // A mismatch found in a generated check file is about the solution's entry, so name that file.
  const shown = checked
    ? path.join(shownDir, `${checked[1]}.ts`)
    : base === '__arena_learner__.d.ts'
      ? path.join(shownDir, 'challenge.yaml')
      : path.join(shownDir, path.relative(challenge.dir, file.fileName))
  return {
    file: shown,
    ...(checked
      ? { field: challenge.config.entry }
      : base === '__arena_learner__.d.ts'
        ? { field: 'signature' }
        : {}),
    message: checked ? `does not match the signature: ${message}` : message,
    ...(checked ? {} : { line: line + 1, column: character + 1 }),
    severity: 'error',
  }
}
