import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { productionBuildEnv, webBuildIsStale } from '../../apps/server/src/web/buildWeb.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DIST = path.join(REPO_ROOT, 'apps/web/dist')
// One lock per checkout, outside it (nothing for git to see).
const LOCK = path.join(
  tmpdir(),
  `arena-web-build-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}`,
)
const STALE_LOCK_MS = 5 * 60_000

/**
 * Builds apps/web/dist when it is missing or older than the web sources, once: browser tests run in
 * parallel processes, and two `vite build`s at once empty the folder under each other's server.
 * A lock folder (mkdir is atomic) makes the others wait, then find the build fresh.
 */
export async function ensureWebBuild(): Promise<void> {
  if (!webBuildIsStale(DIST)) return
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      const age = Date.now() - (statSafe(LOCK) ?? Date.now())
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (!webBuildIsStale(DIST)) return
    const build = spawnSync('npm', ['run', 'build', '-w', '@arena/web'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: productionBuildEnv(),
    })
    if (build.status !== 0) throw new Error(`the web build failed:\n${build.stdout}\n${build.stderr}`)
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

function statSafe(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs
  } catch {
    return undefined
  }
}
