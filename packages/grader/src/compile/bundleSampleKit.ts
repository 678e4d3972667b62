import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { firstError } from './bundleTests.ts'
import { packImports, packRootOf } from './packImports.ts'

const CASE_INPUT = fileURLToPath(new URL('../child/caseInput.ts', import.meta.url))
const JUDGE_OUTPUT = fileURLToPath(new URL('../child/judgeOutput.ts', import.meta.url))

export class SampleKitError extends Error {
  readonly code = 'ARENA_SAMPLE_KIT'
}

/**
 * What a challenge's sample run needs in the browser, as one ES module: `tests` (generate, check,
 * describe and the samples of tests.ts, with `hidden` emptied and `generated` removed before bundling),
 * and the grader's own `caseInput` and `judgeOutput`, so a local run builds the same inputs and
 * prints the same messages as the server's. Hidden inputs never leave the server: they are cut out of
 * the source, top-level helpers only they used are dropped by tree shaking, and the result is
 * refused when a hidden case's name (read from the source) still shows in it. Built by transforming
 * source only: nothing of the pack runs on the server, and its imports are held to the pack's own
 * files and the authoring API (packImports), so no file of the host can be bundled into a kit.
 */
export async function bundleSampleKit(testsFile: string): Promise<string> {
  const source = await readFile(testsFile, 'utf8')
  // The TypeScript parser is large: load it only when a kit is built, not with the grader.
  const { stripHiddenCases } = await import('./stripHiddenCases.ts')
  const stripped = stripHiddenCases(source, testsFile)
  if (!stripped.ok) throw new SampleKitError(`${testsFile}: ${stripped.reason}`)
  const absolute = path.resolve(testsFile)
  const entry = [
    `export { default as tests } from ${JSON.stringify(absolute)}`,
    `export { caseInput } from ${JSON.stringify(CASE_INPUT)}`,
    `export { judgeOutput } from ${JSON.stringify(JUDGE_OUTPUT)}`,
    `export { excerpt } from '@arena/grader/authoring'`,
  ].join('\n')
  let text: string
  try {
    const result = await build({
      stdin: {
        contents: entry,
        loader: 'ts',
        resolveDir: path.dirname(absolute),
        sourcefile: 'sample-kit.ts',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      // Tree shaking drops what only the hidden cases used; minifying keeps the file small.
      minify: true,
      treeShaking: true,
      tsconfigRaw: {},
      plugins: [
        packImports(packRootOf(absolute), [absolute, CASE_INPUT, JUDGE_OUTPUT]),
        replaceFile(absolute, stripped.source),
      ],
      logLevel: 'silent',
    })
    text = result.outputFiles?.[0]?.text ?? ''
  } catch (error) {
    throw new SampleKitError(`Cannot build the sample kit of ${testsFile}: ${firstError(error)}`)
  }
  assertNoHiddenNames(testsFile, text, stripped.hiddenNames, stripped.sampleNames)
  return text
}

function replaceFile(file: string, contents: string): Plugin {
  return {
    name: 'arena-stripped-tests',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) =>
        args.path === file ? { contents, loader: 'ts', resolveDir: path.dirname(file) } : undefined,
      )
    },
  }
}

/** The guard behind the transform: a hidden case whose name survived means its data may have too. */
function assertNoHiddenNames(
  testsFile: string,
  kit: string,
  hiddenNames: readonly string[],
  sampleNames: readonly string[],
): void {
  for (const name of hiddenNames) {
    if (name.length < 4 || sampleNames.includes(name)) continue
    if (kit.includes(JSON.stringify(name).slice(1, -1))) {
      throw new SampleKitError(
        `${testsFile}: the hidden case "${name}" could not be cut out of the browser bundle; keep hidden cases inline in \`hidden: [...]\` or in a top-level constant used only there.`,
      )
    }
  }
}
