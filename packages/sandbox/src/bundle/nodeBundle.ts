// Entry points of Node processes bundled by esbuild, for processes that start often: tsx compiles
// and resolves every source file through its loader hooks in each process, and a bundle loads in a
// third of that CPU (load 3: the grader's task module 1.1-1.7 s per sandbox child, bundled 0.5 s; the
// server's modules 3.0 s, bundled 1.1-1.4 s; a runner's 1.9 s, bundled 0.6-0.7 s). Bundles are cached by content under node_modules/.cache and built again
// when a source file changed.
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'

/**
 * Inside the repository's node_modules, so the bundles' imports of npm packages (left as they are,
 * see leaveNpmPackages) resolve as they do from the sources.
 */
const REPO = fileURLToPath(new URL('../../../../', import.meta.url))
const CACHE = path.join(REPO, 'node_modules/.cache/arena-node-bundles')
/** Bundles of older sources are removed after this long unused (users check `present()` before use). */
const STALE_MS = 24 * 3600_000

export interface NodeBundle {
  /** The bundled file of an entry point (an absolute path or file URL of a .ts file), if it is one. */
  output(entryPoint: string): string | undefined
  /** Whether the bundle's files are still there (a bundle unused for a day may have been removed). */
  present(): boolean
}

/** Node's options that load TypeScript sources (tsx): how a process starts without a bundle. */
export const SOURCE_LOADER: readonly string[] = ['--import', import.meta.resolve('tsx')]

/**
 * Node's arguments that run the .ts file `entryPoint`: its file in `bundle`, or the source through tsx
 * where there is no bundle or it has been removed since.
 */
export function nodeArgsFor(bundle: NodeBundle | undefined, entryPoint: string): string[] {
  const bundled = bundle?.present() ? bundle.output(entryPoint) : undefined
  return bundled ? [bundled] : [...SOURCE_LOADER, entryPoint]
}

/**
 * `entryPoints` (absolute paths of .ts files) bundled together for Node: shared code is one chunk, so
 * entry points loaded into one process share their module state as they do from source; npm packages
 * stay imports; `import.meta.url` stays each source file's own. The bundle is named by its content, so
 * processes with the same sources share one folder, and a process whose sources are unchanged since
 * the last build (every file's size and time) reuses it without building. Undefined, with a warning,
 * when it cannot be built or written: the caller then runs the sources. Never rejects.
 */
export async function bundleForNode(entryPoints: readonly string[]): Promise<NodeBundle | undefined> {
  const entries = entryPoints.map(toPath)
  const indexFile = path.join(CACHE, `index-${sha256(entries.join('\n')).slice(0, 16)}.json`)
  let index = readIndex(indexFile)
  if (!index) {
    try {
      index = await buildAndWrite(entries)
      writeAtomically(indexFile, JSON.stringify(index))
    } catch (error) {
      process.emitWarning(`No bundle of ${entries.join(', ')}; the sources run instead: ${error}`)
      return undefined
    }
  }
  removeStale(index.folder)
  try {
    // Marked as in use: removeStale in another process leaves it be for a day after this.
    const now = new Date()
    utimesSync(index.folder, now, now)
  } catch {}
  const { folder, outputs } = index
  return {
    output: (entryPoint) => {
      const output = outputs[toPath(entryPoint)]
      return output === undefined ? undefined : path.join(folder, output)
    },
    present: () => existsSync(folder),
  }
}

/** A built bundle: its folder, each entry point's output in it, and the source files it was built from. */
interface BundleIndex {
  folder: string
  outputs: Record<string, string>
  /** Path to [size, mtimeMs]. */
  inputs: Record<string, [number, number]>
}

/** The index, when its bundle is there and built from the sources as they are now. */
function readIndex(file: string): BundleIndex | undefined {
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as BundleIndex
    if (!existsSync(index.folder)) return undefined
    for (const [input, [size, mtimeMs]] of Object.entries(index.inputs)) {
      const now = statSync(input)
      if (now.size !== size || now.mtimeMs !== mtimeMs) return undefined
    }
    return index
  } catch {
    return undefined
  }
}

async function buildAndWrite(entryPoints: string[]): Promise<BundleIndex> {
  const staging = path.join(CACHE, 'staging')
  const built = await buildBundle(entryPoints, staging)
  const hash = createHash('sha256')
  for (const file of built.files) hash.update(path.relative(staging, file.path)).update(file.contents)
  const folder = path.join(CACHE, hash.digest('hex').slice(0, 16))
  writeOnce(folder, staging, built.files)
  const outputs: Record<string, string> = {}
  for (const [entry, output] of built.entries) outputs[entry] = path.relative(staging, output)
  const inputs: BundleIndex['inputs'] = {}
  for (const input of built.inputs) {
    const stat = statSync(input)
    inputs[input] = [stat.size, stat.mtimeMs]
  }
  return { folder, outputs, inputs }
}

async function buildBundle(entryPoints: string[], outdir: string) {
  const result = await build({
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    absWorkingDir: REPO,
    outExtension: { '.js': '.mjs' },
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Node's own conditions only (esbuild adds `module` by default): a package resolves to the file
    // Node would load.
    conditions: [],
    plugins: [leaveNpmPackages, keepModuleUrls],
  })
  const entries = new Map<string, string>()
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint) entries.set(path.resolve(REPO, meta.entryPoint), path.resolve(REPO, output))
  }
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(REPO, input))
  return { files: result.outputFiles, entries, inputs }
}

/**
 * The expression, spelled so that this file's own text has none: bundled itself (the server bundles
 * its runners), a literal here would be replaced by this file's URL.
 */
const META_URL = ['import', 'meta', 'url'].join('.')

/**
 * `import.meta.url` stays each source file's own URL: modules find files beside them with it (the
 * grader's task modules, the pack guest), which in a bundle would be looked for beside the bundle.
 */
const keepModuleUrls: Plugin = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes(META_URL)) return undefined
      const url = JSON.stringify(pathToFileURL(args.path).href)
      return { contents: source.replaceAll(META_URL, url), loader: 'ts' }
    })
  },
}

/**
 * npm packages stay imports, loaded by Node as from the sources (native addons such as isolated-vm
 * cannot be bundled, and the rest behaves as it always did), each by the absolute path it resolves to
 * from its importer (a workspace may have its own node_modules, e.g. apps/server's @fastify/cookie);
 * the workspace's own packages are bundled.
 */
const leaveNpmPackages: Plugin = {
  name: 'leave-npm-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === LEFT || args.path.startsWith('@arena/') || args.path.startsWith('node:'))
        return undefined
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: LEFT,
      })
      return {
        path: resolved.errors.length > 0 || !resolved.path ? args.path : resolved.path,
        external: true,
      }
    })
  },
}
const LEFT = Symbol('left to Node')

/** Writes the files into a new folder and renames it into place; a folder already there is kept. */
function writeOnce(folder: string, staging: string, files: { path: string; contents: Uint8Array }[]): void {
  try {
    statSync(folder)
    return
  } catch {}
  const temporary = `${folder}.${process.pid}.${Date.now()}`
  for (const file of files) {
    const target = path.join(temporary, path.relative(staging, file.path))
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, file.contents)
  }
  try {
    renameSync(temporary, folder)
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true })
    // Another process wrote the same bundle first.
    if (!(error as NodeJS.ErrnoException).code?.match(/ENOTEMPTY|EEXIST/)) throw error
  }
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${Date.now()}`
  writeFileSync(temporary, text)
  renameSync(temporary, file)
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function removeStale(keep: string): void {
  try {
    for (const name of readdirSync(CACHE)) {
      const folder = path.join(CACHE, name)
      if (folder === keep) continue
      if (Date.now() - statSync(folder).mtimeMs > STALE_MS) rmSync(folder, { recursive: true, force: true })
    }
  } catch {}
}

function toPath(module: string): string {
  return module.startsWith('file:') ? fileURLToPath(module) : path.resolve(module)
}
