import { createHash, randomUUID } from 'node:crypto'
import { chmod, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { ensurePrivateFolder, PRIVATE_FILE_MODE } from '../privateFolder.ts'
import { packImports, packRootOf } from './packImports.ts'

const CACHE_DIR = path.join(tmpdir(), 'arena-tests-cache')
/** The grader's side of the pack-code isolate, bundled in front of tests.ts (see child/packGuest.ts). */
const PACK_GUEST = fileURLToPath(new URL('../child/packGuest.ts', import.meta.url))
/** The bundle's one global: `{ guest }`, the functions the grader calls (see child/packIsolate.ts). */
export const PACK_BUNDLE_GLOBAL = '__arena_pack_bundle'

export class TestsBundleError extends Error {
  readonly code = 'ARENA_TESTS_BUNDLE'
}

/**
 * Bundles a challenge's tests.ts (untrusted instructor code, with the pack files it imports) into one
 * self-contained script for the pack-code isolate of a sandbox child (child/packIsolate.ts): no module
 * system, no Node, nothing imported at run time. Imports other than the authoring API and the pack's
 * own files fail here, with the file and line (see packImports). Nothing of the pack runs while
 * bundling. Keyed by content, so a changed tests.ts gets a new file and an unchanged one is bundled
 * once per machine.
 */
export async function bundleTests(testsFile: string): Promise<string> {
  const absolute = path.resolve(testsFile)
  const entry = [
    // The guest runtime first: it captures the host's callbacks before any pack code runs.
    `import { installPackGuest } from ${JSON.stringify(PACK_GUEST)}`,
    `import tests from ${JSON.stringify(absolute)}`,
    'export const guest = installPackGuest(tests)',
  ].join('\n')
  let result: Awaited<ReturnType<typeof build>>
  try {
    result = await build({
      stdin: {
        contents: entry,
        loader: 'ts',
        resolveDir: path.dirname(absolute),
        sourcefile: 'pack-entry.ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      globalName: PACK_BUNDLE_GLOBAL,
      platform: 'browser',
      target: 'es2022',
      // A pack's tsconfig.json could map imports elsewhere: none is read.
      tsconfigRaw: {},
      plugins: [packImports(packRootOf(absolute), [PACK_GUEST, absolute])],
      logLevel: 'silent',
    })
  } catch (error) {
    throw new TestsBundleError(`Cannot build ${testsFile}: ${firstError(error)}`)
  }
  const text = result.outputFiles?.[0]?.text ?? ''
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 24)
  // Bundles hold every hidden case: the cache is the server user's alone (0700 folder, 0600 files).
  const file = path.join(ensurePrivateFolder(CACHE_DIR), `tests-${hash}.js`)
  const existing = await readFile(file, 'utf8').catch(() => undefined)
  if (existing !== text) {
    // One name per write: a runner's slots (its Submit slot and its Run lane) bundle the same tests.ts
    // at once in one process, and a shared name let the first rename take the second's file (ENOENT).
    const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`
    await writeFile(temporary, text, { mode: PRIVATE_FILE_MODE })
    await rename(temporary, file)
  } else {
    // Written by an older version with the default mode.
    await chmod(file, PRIVATE_FILE_MODE)
  }
  return file
}

/** esbuild's first error with its file and line: what the author must fix. */
export function firstError(error: unknown): string {
  const first = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] })
    .errors?.[0]
  if (!first) return error instanceof Error ? error.message : String(error)
  const where = first.location ? `${first.location.file}:${first.location.line}: ` : ''
  return `${where}${first.text}`
}
