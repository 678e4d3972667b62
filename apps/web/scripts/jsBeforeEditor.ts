// How much JavaScript a learner downloads before the editor is needed (Monaco loads lazily), from
// the production build: the log-in page, the course map, the challenge page up to the moment the
// editor chunk is requested, and the editor itself. Prints JSON (KB, raw and gzip).
//   npm run build -w @arena/web && npx tsx apps/web/scripts/jsBeforeEditor.ts
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Page } from 'playwright-core'
import { preview } from 'vite'
import { accepted, compileError, mockApi, running, type Scenario, wrongAnswer } from './mockApi.ts'

const webRoot = join(import.meta.dirname, '..')
const dist = join(webRoot, 'dist')
const EDITOR_CHUNKS =
  /\/assets\/(CodeEditor|monacoSetup|editor\.api|editor\.worker|ts\.worker|tsMode|typescript)-/

function scenario(loggedIn: boolean): Scenario {
  return {
    loggedIn,
    list: [],
    submissions: new Map([
      [41, wrongAnswer],
      [42, compileError],
      [43, accepted],
      [44, running],
    ]),
    nextId: 41,
    progress: new Map(),
    drafts: new Map(),
  }
}

interface Size {
  files: number
  rawKb: number
  gzipKb: number
}

function sizeOf(paths: Iterable<string>): Size {
  let raw = 0
  let gzip = 0
  let files = 0
  for (const path of paths) {
    const bytes = readFileSync(join(dist, path))
    raw += bytes.length
    gzip += gzipSync(bytes, { level: 9 }).length
    files += 1
  }
  return { files, rawKb: Math.round(raw / 102.4) / 10, gzipKb: Math.round(gzip / 102.4) / 10 }
}

function recordScripts(page: Page): Set<string> {
  const scripts = new Set<string>()
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/assets/') && url.pathname.endsWith('.js')) scripts.add(url.pathname)
  })
  return scripts
}

const server = await preview({ root: webRoot, logLevel: 'warn', preview: { port: 4181, strictPort: false } })
const baseURL = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://localhost:4181'
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
try {
  const measure = async (loggedIn: boolean, path: string, ready: string) => {
    const page = await browser.newPage({ baseURL })
    await mockApi(page, scenario(loggedIn))
    const scripts = recordScripts(page)
    await page.goto(path)
    await page.locator(ready).waitFor()
    await page.waitForLoadState('networkidle')
    await page.close()
    return [...scripts]
  }
  const login = await measure(false, '/login', 'form')
  const course = await measure(true, '/', '.course-path')
  const challenge = await measure(true, '/c/core/zscore-columns', '.monaco-editor .view-lines')
  const beforeEditor = challenge.filter((path) => !EDITOR_CHUNKS.test(path))
  const editor = challenge.filter((path) => EDITOR_CHUNKS.test(path))
  console.log(
    JSON.stringify(
      {
        loginPage: sizeOf(login),
        courseMap: sizeOf(course),
        challengePageBeforeEditor: sizeOf(beforeEditor),
        editorAndWorkers: sizeOf(editor),
      },
      null,
      2,
    ),
  )
} finally {
  await browser.close()
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
}
