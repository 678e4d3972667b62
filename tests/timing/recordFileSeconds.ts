// `npm run test:timings`: after a full `vitest run`, writes each test file's time from Vitest's results
// cache to fileSeconds.json, which orders a clean clone's run (longestFirst.ts). Run it on the machine
// CI runs on, after a run of the whole suite: a run of one file or one test records only that much.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const REPO_ROOT = path.resolve(import.meta.dirname, '../..')
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules/.vite/vitest')
const OUT = path.join(import.meta.dirname, 'fileSeconds.json')

interface CachedResult {
  duration: number
  failed: boolean
}

const caches = existsSync(CACHE_DIR)
  ? readdirSync(CACHE_DIR)
      .map((dir) => path.join(CACHE_DIR, dir, 'results.json'))
      .filter((file) => existsSync(file))
  : []
if (caches.length === 0) throw new Error(`no Vitest results cache under ${CACHE_DIR}: run the suite first`)

const seconds: Record<string, number> = {}
for (const cache of caches) {
  const { results } = JSON.parse(readFileSync(cache, 'utf8')) as { results: [string, CachedResult][] }
  for (const [key, result] of results) {
    const file = key.slice(key.indexOf(':') + 1)
    if (!existsSync(path.join(REPO_ROOT, file))) continue
    seconds[file] = Math.round(result.duration / 100) / 10
  }
}
const sorted = Object.fromEntries(Object.entries(seconds).sort(([, a], [, b]) => b - a))
writeFileSync(OUT, `${JSON.stringify(sorted, null, 2)}\n`)
console.log(`${Object.keys(sorted).length} files timed, longest first, in ${path.relative(REPO_ROOT, OUT)}`)
