import { createRequire } from 'node:module'
import path from 'node:path'
import type { CaseSize } from '@arena/grader/result'
import type ts from 'typescript'
import { challengeDts } from '../dts/challengeDts.ts'
import type { PackProblem } from '../problem.ts'
import type { Challenge } from '../types.ts'
import { loadTypescript } from './loadTypescript.ts'
import { learnerCompilerOptions } from './typecheckChallenge.ts'

// Solutions are checked as the learner's editor sees them (no Node, no DOM); tests.ts resolves the
// authoring API from this repository wherever the pack lies, so a pack outside it is checked too.
const options = (): ts.CompilerOptions => ({
  ...learnerCompilerOptions(),
  paths: { '@arena/grader/authoring': [createRequire(import.meta.url).resolve('@arena/grader/authoring')] },
})

const ROLES = ['reference', 'baseline', 'starter'] as const

// Library files parse once per process: validate checks every challenge of a pack.
const libCache = new Map<string, ts.SourceFile | undefined>()

/**
 * The grader calls the entry with one argument, the value `generate()` returns (issue 19.10): checks
 * that the signature's entry and the reference's, baseline's and starter's take exactly one parameter,
 * and that the signature's parameter accepts tests.ts's input type. Type errors elsewhere are
 * `typecheckChallenge`'s to report; a tests.ts whose input type cannot be read is not judged here.
 * On the same program (one compile per challenge), the other end of generate() too: every size in
 * challenge.yaml (`perf.cases`, `perf.warmupSize`) must fit generate's size parameter (issue 19.11),
 * so `size: { n: 2000000 }` against `generate(seed, size: { n: number; w: number })` fails here, in
 * `arena pack validate`, instead of as `NaN` inside a grading.
 */
export function entryInputProblems(challenge: Challenge, shownDir: string): PackProblem[] {
  const ts = loadTypescript()
  const OPTIONS = options()
  const { entry } = challenge.config
  const virtual = new Map<string, string>()
  const dtsFile = path.join(challenge.dir, '__arena_learner__.d.ts')
  virtual.set(dtsFile, challengeDts(challenge))
  const probe = path.join(challenge.dir, '__arena_entry_input__.ts')
  virtual.set(
    probe,
    [
      `import __tests from './${path.basename(challenge.files.tests)}'`,
      ...ROLES.map(
        (role) => `import { ${entry} as __${role} } from './${path.basename(challenge.files[role])}'`,
      ),
      'export declare const __input: ReturnType<typeof __tests.generate>',
      `export declare const __signature: typeof ${entry}`,
      ...ROLES.map((role) => `export declare const __${role}Entry: typeof __${role}`),
      'type __Size = Parameters<typeof __tests.generate>[1]',
      'export declare const __size: __Size',
      ...yamlSizes(challenge).map(
        ({ size }, index) => `export const __size${index}: __Size = ${JSON.stringify(size)}`,
      ),
      '',
    ].join('\n'),
  )

  const host = ts.createCompilerHost(OPTIONS, true)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists(file)
  host.readFile = (file) => virtual.get(path.resolve(file)) ?? readFile(file)
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(file))
    if (text !== undefined) return ts.createSourceFile(file, text, language)
    const isLib = path.basename(file).startsWith('lib.') && file.endsWith('.d.ts')
    if (isLib && libCache.has(file)) return libCache.get(file)
    const source = getSourceFile(file, language, onError, shouldCreate)
    if (isLib) libCache.set(file, source)
    return source
  }
  const program = ts.createProgram({ rootNames: [dtsFile, probe], options: OPTIONS, host })
  const checker = program.getTypeChecker()
  const probeFile = program.getSourceFile(probe)
  if (!probeFile) return []
  const declared = new Map<string, ts.VariableDeclaration>()
  for (const statement of probeFile.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const declaration of statement.declarationList.declarations)
      declared.set(declaration.name.getText(probeFile), declaration)
  }
  const typeOf = (name: string) => {
    const declaration = declared.get(name)
    return declaration ? checker.getTypeAtLocation(declaration) : undefined
  }

  const input = typeOf('__input')
  const readable = input !== undefined && !(input.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))
  const inputText = readable ? typeText(checker, input) : 'its input'
  const called = `\`${entry}\` is called with one argument, the value \`generate()\` returns (${inputText})`
  const problems: PackProblem[] = []

  const signature = entryCall(typeOf('__signature'))
  const signatureProblem = { file: path.join(shownDir, 'challenge.yaml'), field: 'signature' }
  if (signature && signature.getParameters().length !== 1) {
    problems.push({
      ...signatureProblem,
      message: `${called}; ${arity(entry, signature)}`,
      severity: 'error',
    })
  } else if (signature && readable) {
    const parameter = signature.getParameters()[0]
    const declaration = parameter?.valueDeclaration
    if (parameter && declaration) {
      const accepts = checker.getTypeOfSymbolAtLocation(parameter, declaration)
      if (!checker.isTypeAssignableTo(input, accepts)) {
        problems.push({
          ...signatureProblem,
          message: `${called}; its parameter \`${declaration.getText()}\` does not accept it: declare the parameter as the type generate() returns`,
          severity: 'error',
        })
      }
    }
  }
  problems.push(...sizeProblems(program, probeFile, declared, typeOf('__size'), challenge, shownDir))
  for (const role of ROLES) {
    const call = entryCall(typeOf(`__${role}Entry`))
    if (call && call.getParameters().length !== 1) {
      problems.push({
        file: path.join(shownDir, path.basename(challenge.files[role])),
        field: entry,
        message: `${called}; ${arity(entry, call)}`,
        severity: 'error',
      })
    }
  }
  return problems
}

/** challenge.yaml's sizes, each with the field that holds it. */
function yamlSizes(challenge: Challenge): { field: string; size: CaseSize }[] {
  const { perf } = challenge.config
  return [
    ...perf.cases.map((perfCase, index) => ({ field: `perf.cases[${index}].size`, size: perfCase.size })),
    { field: 'perf.warmupSize', size: perf.warmupSize },
  ]
}

/** A size of challenge.yaml that generate() does not take, named with the type it takes. */
function sizeProblems(
  program: ts.Program,
  probeFile: ts.SourceFile,
  declared: Map<string, ts.VariableDeclaration>,
  accepted: ts.Type | undefined,
  challenge: Challenge,
  shownDir: string,
): PackProblem[] {
  const ts = loadTypescript()
  // An untyped generate (any) takes every size: nothing to compare against.
  if (!accepted || accepted.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return []
  const checker = program.getTypeChecker()
  const diagnostics = program.getSemanticDiagnostics(probeFile)
  return yamlSizes(challenge).flatMap(({ field, size }, index) => {
    const declaration = declared.get(`__size${index}`)
    if (!declaration) return []
    const wrong = diagnostics.find(
      (diagnostic) =>
        diagnostic.start !== undefined &&
        diagnostic.start >= declaration.getStart(probeFile) &&
        diagnostic.start < declaration.getEnd(),
    )
    if (!wrong) return []
    const shown =
      typeof size === 'number'
        ? String(size)
        : `{ ${Object.entries(size)
            .map(([name, value]) => `${name}: ${value}`)
            .join(', ')} }`
    return [
      {
        file: path.join(shownDir, 'challenge.yaml'),
        field,
        message: `${field} is ${shown}, which generate(seed, size) in tests.ts does not take: its size is ${typeText(checker, accepted)} (${ts.flattenDiagnosticMessageText(wrong.messageText, ' ')})`,
        severity: 'error' as const,
      },
    ]
  })
}

/** `Matrix`, or `Input = Float64Array` where tests.ts names an alias of a short type. */
function typeText(checker: ts.TypeChecker, type: ts.Type): string {
  const ts = loadTypescript()
  // `Float64Array<ArrayBufferLike>` is what an author writes as `Float64Array`.
  const show = (flags?: ts.TypeFormatFlags) =>
    checker.typeToString(type, undefined, flags).replaceAll('<ArrayBufferLike>', '')
  const named = show()
  const expanded = show(ts.TypeFormatFlags.InTypeAlias)
  return expanded !== named && expanded.length <= 60 ? `${named} = ${expanded}` : named
}

/** The entry's call signature; none when it is not a plain function (the typecheck reports that). */
function entryCall(type: ts.Type | undefined): ts.Signature | undefined {
  const calls = type?.getCallSignatures() ?? []
  return calls.length === 1 ? calls[0] : undefined
}

/** "`solve(a, b)` takes 2", "`solve()` takes none" */
function arity(entry: string, call: ts.Signature): string {
  const ts = loadTypescript()
  const parameters = call.getParameters()
  const names = parameters.map((parameter) => {
    const declaration = parameter.valueDeclaration
    const rest = declaration && ts.isParameter(declaration) && declaration.dotDotDotToken ? '...' : ''
    return `${rest}${parameter.getName()}`
  })
  const count = parameters.length === 0 ? 'none' : String(parameters.length)
  return `\`${entry}(${names.join(', ')})\` takes ${count}`
}
