// The learner's TypeScript compiled in the page with esbuild-wasm, with the grader's own options and
// import rules (@arena/grader/compile): the errors Submit would report, as the learner types, without a
// server round trip. The wasm binary is a Vite asset of this app, never a CDN.
import {
  type CompileProblem,
  compileErrorText,
  compileProblems,
  SOLUTION_GLOBAL,
  solutionBuildOptions,
  solutionOutput,
} from '@arena/grader/compile'
import type { Message } from 'esbuild-wasm'
import wasmURL from 'esbuild-wasm/esbuild.wasm?url'

export const SOLUTION_FILE = 'solution.ts'

/** The compiled program as the local run worker needs it (the grader's IsolateProgram, for the browser). */
export interface PageProgram {
  code: string
  sourceMap?: string
  globalName: string
  entry: string
}

export type PageCompile =
  | { ok: true; program: PageProgram; ms: number }
  | {
      ok: false
      /** The grader's one-line message for the first error (file:line:col: text (and N more)). */
      message: string
      problems: CompileProblem[]
      ms: number
    }

let esbuild: Promise<typeof import('esbuild-wasm')> | undefined

/** esbuild-wasm, started once per page (in its own worker, so compiling never blocks typing). */
export function loadEsbuild(): Promise<typeof import('esbuild-wasm')> {
  esbuild ??= import('esbuild-wasm').then(async (module) => {
    await module.initialize({ wasmURL, worker: true })
    return module
  })
  esbuild.catch(() => {
    esbuild = undefined
  })
  return esbuild
}

export async function compileInPage(
  source: string,
  entry: string,
  grantedEngines: readonly string[],
): Promise<PageCompile> {
  const { build } = await loadEsbuild()
  const started = performance.now()
  try {
    // The shared options name esbuild's types; esbuild-wasm's are the same API.
    const options = solutionBuildOptions(source, SOLUTION_FILE, grantedEngines) as Parameters<typeof build>[0]
    const result = await build(options)
    const { code, sourceMap } = solutionOutput(result.outputFiles)
    return {
      ok: true,
      program: { code, sourceMap, globalName: SOLUTION_GLOBAL, entry },
      ms: performance.now() - started,
    }
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors
    if (!errors?.[0]) throw error
    return {
      ok: false,
      message: compileErrorText(errors, SOLUTION_FILE).message,
      problems: compileProblems(errors),
      ms: performance.now() - started,
    }
  }
}
