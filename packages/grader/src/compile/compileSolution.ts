import type { IsolateProgram } from '@arena/sandbox'
import { build, type Message, type Plugin } from 'esbuild'

/** The global the compiled module assigns its exports to inside the isolate. */
export const SOLUTION_GLOBAL = '__arena_solution'

export type CompileOutcome =
  | { ok: true; program: IsolateProgram }
  | { ok: false; message: string; location?: { line: number; column: number } }

/**
 * Compiles learner TypeScript for the isolate: one self-contained script with a source map, so that
 * compile and runtime errors point at the learner's own line and column. Types are not checked here
 * (the editor does that); syntax is. Imports are refused at compile time with the line that made them:
 * nothing of Node or npm exists in the sandbox.
 */
export async function compileSolution(
  source: string,
  filename: string,
  entry: string,
  grantedEngines: readonly string[] = [],
): Promise<CompileOutcome> {
  try {
    const result = await build({
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
    })
    const code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? ''
    const sourceMap = result.outputFiles.find((file) => file.path.endsWith('.map'))?.text
    return { ok: true, program: { code, filename, sourceMap, globalName: SOLUTION_GLOBAL, entry } }
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors
    const first = errors?.[0]
    if (!first) throw error
    const location = first.location
      ? { line: first.location.line, column: first.location.column + 1 }
      : undefined
    const where = location ? `${filename}:${location.line}:${location.column}: ` : ''
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
    return { ok: false, message: `${where}${first.text}${more}`, location }
  }
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
