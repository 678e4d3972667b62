import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const CACHE_DIR = join(tmpdir(), 'arena-tests-cache')
// A pack may live anywhere (a temp dir, an upload): its tests.ts must find the authoring API all the same.
const AUTHORING_ENTRY = fileURLToPath(new URL('../authoring/index.ts', import.meta.url))

export class TestsBundleError extends Error {
  readonly code = 'ARENA_TESTS_BUNDLE'
}

/**
 * Bundles a challenge's tests.ts (trusted instructor code, with its imports) into one ES module file
 * that sandbox child processes import. Keyed by content, so a changed tests.ts gets a new file and an
 * unchanged one is bundled once per machine.
 */
export async function bundleTests(testsFile: string): Promise<string> {
  let result: Awaited<ReturnType<typeof build>>
  try {
    result = await build({
      entryPoints: [testsFile],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      alias: { '@arena/grader/authoring': AUTHORING_ENTRY },
      logLevel: 'silent',
    })
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { file: string; line: number } }[] })
      .errors?.[0]
    const where = first?.location ? `${first.location.file}:${first.location.line}: ` : ''
    throw new TestsBundleError(`Cannot build ${testsFile}: ${where}${first?.text ?? String(error)}`)
  }
  const text = result.outputFiles?.[0]?.text ?? ''
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 24)
  const file = join(CACHE_DIR, `tests-${hash}.mjs`)
  const existing = await readFile(file, 'utf8').catch(() => undefined)
  if (existing !== text) {
    await mkdir(CACHE_DIR, { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    await writeFile(temporary, text)
    await rename(temporary, file)
  }
  return file
}
