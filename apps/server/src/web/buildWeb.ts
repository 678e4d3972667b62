import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import { REPO_ROOT } from '../config.ts'

const WEB_DIR = path.join(REPO_ROOT, 'apps/web')
const SOURCES = [
  'src',
  'public',
  'index.html',
  'sandbox.html',
  'vite.config.ts',
  'package.json',
  'tsconfig.json',
]
/**
 * Workspace sources the web bundle imports (`@arena/engines/browser`, `@arena/grader/compile`,
 * `@arena/packs/vocabulary`): a change there makes the bundle stale too.
 */
const SHARED_SOURCES = ['packages/engines/src', 'packages/grader/src', 'packages/packs/src']

/** The newest modification time under `file` (a file or a folder), 0 when it does not exist. */
function newestMtime(file: string): number {
  let info: ReturnType<typeof statSync>
  try {
    info = statSync(file)
  } catch {
    return 0
  }
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(file)) {
    if (entry === 'node_modules' || entry === 'dist') continue
    newest = Math.max(newest, newestMtime(path.join(file, entry)))
  }
  return newest
}

/** Whether apps/web/dist is missing or older than any source of the web app. */
export function webBuildIsStale(distDir: string): boolean {
  const built = newestMtime(path.join(distDir, 'index.html'))
  if (built === 0) return true
  return (
    SOURCES.some((source) => newestMtime(path.join(WEB_DIR, source)) > built) ||
    SHARED_SOURCES.some((source) => newestMtime(path.join(REPO_ROOT, source)) > built)
  )
}

/**
 * The environment of a web build: production whatever this process runs as. Vite builds what
 * NODE_ENV says, and a server or test started under vitest (NODE_ENV=test) built React's development
 * bundles: every render several times slower (jsxDEV's checks), and not the app learners get.
 */
export function productionBuildEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production' }
}

/**
 * Builds the web app (`npm run build -w @arena/web`) when its dist is missing or stale. A failed build
 * is logged, not fatal: the API still serves, with the previous build if there is one.
 */
export function ensureWebBuilt(distDir: string, log: FastifyBaseLogger): void {
  if (!webBuildIsStale(distDir)) return
  const scripts = (
    JSON.parse(readFileSync(path.join(WEB_DIR, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>
    }
  ).scripts
  if (!scripts?.build) {
    log.warn('apps/web has no build script yet: serving the API only')
    return
  }
  log.info('building the web app (npm run build -w @arena/web)')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['run', 'build', '-w', '@arena/web'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: productionBuildEnv(),
  })
  if (result.status !== 0) {
    log.error(
      { status: result.status, error: result.error?.message },
      'the web build failed; see its output above',
    )
  }
}
