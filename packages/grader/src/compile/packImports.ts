import { realpathSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'

/** The authoring API's entry: a pack may live anywhere (a temp dir, an upload) and still find it. */
export const AUTHORING_ENTRY = fileURLToPath(new URL('../authoring/index.ts', import.meta.url))
const AUTHORING_SPECIFIER = '@arena/grader/authoring'
const AUTHORING_FOLDER = path.dirname(AUTHORING_ENTRY)
/** The grader's own sources: what they import (pure-rand) resolves the usual way. */
const GRADER_SOURCES = fileURLToPath(new URL('../', import.meta.url))

/**
 * What a pack's code may import, enforced while bundling, before any of it could run: the authoring
 * API, and its own files (relative imports inside the pack's folder). Instructor code is untrusted: a
 * `node:*` module, an npm package, an absolute path or a file outside the pack (`../../../etc/passwd`,
 * the server's database, a link out of the folder) is an authoring error, so nothing of the host can be
 * reached through an import and no host file can be read into a bundle.
 *
 * `packRoot` is the folder the pack's files must stay in (the pack folder: `<pack>/<challenge>/tests.ts`
 * may import `../shared.ts`). `internal` names grader files the bundle's entry imports on purpose.
 */
export function packImports(packRoot: string, internal: readonly string[] = []): Plugin {
  const root = realFolder(packRoot)
  const allowed = new Set(internal.map((file) => path.resolve(file)))
  return {
    name: 'arena-pack-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined
        if (args.path === AUTHORING_SPECIFIER) return { path: AUTHORING_ENTRY }
        const importer = args.importer ? path.resolve(args.importer) : undefined
        // The grader's own modules (the authoring API, the guest runtime) import what they need.
        if (importer?.startsWith(GRADER_SOURCES) && !importer.startsWith(root)) return undefined
        const target = path.resolve(args.resolveDir, args.path)
        if (allowed.has(target)) return undefined
        // The authoring API by a relative path (the grader's own fixtures): the same files.
        if (isInside(realPathOf(target) ?? target, AUTHORING_FOLDER)) return undefined
        const refusal = importProblem(args.path, args.resolveDir, root)
        if (refusal) return { errors: [{ text: refusal }] }
        return undefined
      })
    },
  }
}

function importProblem(specifier: string, resolveDir: string, root: string): string | undefined {
  const why =
    'pack code runs in a sandbox without Node: it may import only @arena/grader/authoring and files of its own pack'
  if (specifier.startsWith('node:') || !/^\.\.?(\/|$)/.test(specifier)) {
    return `cannot import "${specifier}": ${why}`
  }
  const target = path.resolve(resolveDir, specifier)
  const real = realPathOf(target)
  if (!isInside(real ?? target, root))
    return `cannot import "${specifier}": it lies outside the pack's folder (${why})`
  return undefined
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

/** The real path of an import, trying the extensions esbuild would; undefined when none exists yet. */
function realPathOf(target: string): string | undefined {
  for (const candidate of [target, `${target}.ts`, `${target}.js`, `${target}.mts`, `${target}.json`]) {
    try {
      return realpathSync(candidate)
    } catch {}
  }
  return undefined
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder)
  } catch {
    return path.resolve(folder)
  }
}

/** The folder a challenge's files may import from: its pack's (the parent of the challenge folder). */
export function packRootOf(testsFile: string): string {
  return path.dirname(path.dirname(path.resolve(testsFile)))
}
