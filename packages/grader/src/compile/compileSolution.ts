import type { IsolateProgram } from '@arena/sandbox'
import { build, type Message } from 'esbuild'
import { compileErrorText, SOLUTION_GLOBAL, solutionBuildOptions, solutionOutput } from './solutionBuild.ts'

export { SOLUTION_GLOBAL }

export type CompileOutcome =
  | { ok: true; program: IsolateProgram }
  | { ok: false; message: string; location?: { line: number; column: number } }

/**
 * Compiles learner TypeScript for the isolate: one self-contained script with a source map, so that
 * compile and runtime errors point at the learner's own line and column. Types are not checked here
 * (the editor does that); syntax is. Imports are refused at compile time with the line that made them:
 * nothing of Node or npm exists in the sandbox. The options live in solutionBuild.ts, which the web
 * page's in-browser compile (esbuild-wasm) uses too.
 */
export async function compileSolution(
  source: string,
  filename: string,
  entry: string,
  grantedEngines: readonly string[] = [],
): Promise<CompileOutcome> {
  try {
    const result = await build(solutionBuildOptions(source, filename, grantedEngines))
    const { code, sourceMap } = solutionOutput(result.outputFiles)
    return { ok: true, program: { code, filename, sourceMap, globalName: SOLUTION_GLOBAL, entry } }
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors
    if (!errors?.[0]) throw error
    return { ok: false, ...compileErrorText(errors, filename) }
  }
}
