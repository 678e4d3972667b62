// The one description of how learner TypeScript is compiled, shared by the grader (esbuild, in Node)
// and the web page (esbuild-wasm, as the learner types): the same options and the same import rules,
// so an error the editor shows is the error Submit would give. Browser-safe: no Node imports, and
// esbuild is only a type here (each side passes its own `build`).
import type { BuildOptions, Message, Plugin } from 'esbuild'

/** The global the compiled module assigns its exports to inside the isolate. */
export const SOLUTION_GLOBAL = '__arena_solution'

/** The esbuild options for one learner file: one self-contained iife script with an external source map. */
export function solutionBuildOptions(
  source: string,
  filename: string,
  grantedEngines: readonly string[] = [],
): BuildOptions & { write: false } {
  return {
    stdin: { contents: source, loader: 'ts', sourcefile: filename },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: SOLUTION_GLOBAL,
    platform: 'neutral',
    target: 'es2022',
    outfile: `${filename}.js`,
    sourcemap: 'external',
    sourcesContent: false,
    // `import(x)` becomes a call that fails inside the isolate instead of reaching the host.
    supported: { 'dynamic-import': false },
    plugins: [engineImports(grantedEngines)],
    logLevel: 'silent',
  }
}

/** One esbuild error where the learner can find it: 1-based line and column. */
export interface CompileProblem {
  message: string
  line?: number
  column?: number
  /** Length of the offending text on its line, when esbuild says. */
  length?: number
}

/** esbuild's messages as problems (1-based columns), for editor markers. */
export function compileProblems(messages: readonly Message[]): CompileProblem[] {
  return messages.map((message) => ({
    message: message.text,
    line: message.location?.line,
    column: message.location ? message.location.column + 1 : undefined,
    length: message.location?.length,
  }))
}

/** The first error as the grader reports it: `file:line:col: text (and N more)`. */
export function compileErrorText(
  messages: readonly Message[],
  filename: string,
): { message: string; location?: { line: number; column: number } } {
  const first = messages[0]
  if (!first) return { message: 'The solution could not be compiled.' }
  const location = first.location
    ? { line: first.location.line, column: first.location.column + 1 }
    : undefined
  const where = location ? `${filename}:${location.line}:${location.column}: ` : ''
  const more = messages.length > 1 ? ` (and ${messages.length - 1} more)` : ''
  return { message: `${where}${first.text}${more}`, location }
}

/** The compiled script and its source map from a successful build's output files. */
export function solutionOutput(outputFiles: readonly { path: string; text: string }[] | undefined): {
  code: string
  sourceMap?: string
} {
  const code = outputFiles?.find((file) => file.path.endsWith('.js'))?.text ?? ''
  const sourceMap = outputFiles?.find((file) => file.path.endsWith('.map'))?.text
  return { code, sourceMap }
}

/**
 * `arena:<engine>` resolves to the engine object the sandbox installed for this run, when the challenge
 * grants it; every other import is refused with its line.
 */
function engineImports(granted: readonly string[]): Plugin {
  return {
    name: 'arena-engine-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined
        const engine = /^arena:([a-z]+)$/.exec(args.path)?.[1]
        if (engine && granted.includes(engine)) return { path: engine, namespace: 'arena-engine' }
        const text = engine
          ? `This challenge does not grant the ${engine} engine${granted.length ? ` (it grants: ${granted.map((name) => `arena:${name}`).join(', ')})` : ''}.`
          : `Cannot import "${args.path}": solutions run in a sandbox without Node or npm packages; write it in the file itself.`
        return { errors: [{ text }] }
      })
      build.onLoad({ filter: /.*/, namespace: 'arena-engine' }, (args) => ({
        contents: `module.exports = globalThis.__arena_engines[${JSON.stringify(args.path)}]`,
        loader: 'js',
      }))
    },
  }
}
