// "Run on my machine" for the `tensor` and `gpu` engines, in headless Chromium against the real server
// (its CPU runner and its GPU runner on SwiftShader, a temporary SQLite file, a copy of the packs of challenges/ with reduce-sum's wall limit
// shortened: tests/helpers/quickPacks.ts).
// With WebGPU (Chromium's SwiftShader adapter in workers): the tensor challenges of challenges/core and
// the three kernels of challenges/gpu give the same per-sample statuses and messages in the page as on
// the server, for the reference and a wrong solution; a WGSL compile error, a tensor memory bomb and
// buffers over the device memory limit read the same on both sides. Without WebGPU (a second
// Chromium): a gpu challenge says why it cannot run locally, and a tensor challenge runs on the cpu
// backend. Screenshots land in tests/e2e/artifacts/local-run-gpu/ (git-ignored). ARENA_E2E_PHASES=1
// logs each step's time.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { wgslTemplates } from '../../apps/web/src/editor/wgsl/wgslTemplates.ts'
import { launchChromium } from '../helpers/launchChromium.ts'
import { signUp } from '../helpers/learnerSession.ts'
import {
  localAndServerStatuses,
  localBackends,
  openChallenge,
  runLocal,
  runToFirstSample,
  type Statuses,
  setEditorSource,
  solutionStatuses,
  timed,
  withoutNumbers,
} from '../helpers/localRunPage.ts'
import { type QuickPacks, quickCoursePacks } from '../helpers/quickPacks.ts'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.ts'
import { ensureWebBuild } from '../helpers/webBuild.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CHALLENGES = path.join(REPO_ROOT, 'challenges')
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/local-run-gpu')

interface Case {
  pack: string
  slug: string
  /** The tensor engine's backend locally: gpu where WebGPU has an adapter and the challenge has gpu runners. */
  label: RegExp
}

const CASES: Case[] = [
  { pack: 'core', slug: 'batch-training', label: /^Ran on tensor: gpu, SwiftShader/ },
  { pack: 'core', slug: 'mlp-chunked-loading', label: /^Ran on tensor: gpu, SwiftShader/ },
  { pack: 'gpu', slug: 'reduce-sum', label: /^Ran on gpu: SwiftShader/ },
  { pack: 'gpu', slug: 'tiled-matmul', label: /^Ran on gpu: SwiftShader/ },
  { pack: 'gpu', slug: 'histogram-atomics', label: /^Ran on gpu: SwiftShader/ },
]

function solution(pack: string, slug: string, file: string): string {
  return readFileSync(path.join(CHALLENGES, pack, slug, file), 'utf8')
}

// One wrong solution per challenge by default; ARENA_LOCAL_RUN_ALL_WRONG=1 compares every one.
const ALL_WRONG = process.env.ARENA_LOCAL_RUN_ALL_WRONG === '1'

function wrongSolutions(pack: string, slug: string): string[] {
  const names = readdirSync(path.join(CHALLENGES, pack, slug, 'solutions/wrong')).sort()
  if (names.length === 0) throw new Error(`${pack}/${slug} has no wrong solution`)
  return ALL_WRONG ? names : names.slice(0, 1)
}

/** reduce-sum's wall limit here: the endless cases wait for it twice a run (the course's is 30 s). */
const REDUCE_SUM_WALL_MS = 10_000

let dir: string
let server: ServerProcess | undefined
let packs: QuickPacks | undefined
const browsers: Browser[] = []
const problems: string[] = []

async function learnerPage(webgpu: boolean): Promise<Page> {
  const browser = await launchChromium({ webgpu })
  browsers.push(browser)
  // Reduced motion: a page that waits draws no animation frame after frame (measured: 2.1 s of
  // Chromium's CPU in 10 s idle after a run, 0.6 s with it).
  const context = await browser.newContext({
    baseURL: server?.url,
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await timed(`sign up ${webgpu ? 'gpu_local' : 'cpu_local'}`, () =>
    signUp(page, webgpu ? 'gpu_local' : 'cpu_local'),
  )
  return page
}

/** The WebGPU learner's page: its tests, then (last) the endless kernel's. */
let withGpu: Promise<Page>

beforeAll(async () => {
  await ensureWebBuild()
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(path.join(tmpdir(), 'arena-local-run-gpu-'))
  packs = quickCoursePacks(
    CASES.map(({ pack, slug }) => `${pack}/${slug}`),
    (fields, id) =>
      id === 'gpu/reduce-sum'
        ? { ...fields, limits: { ...fields.limits, wallMs: REDUCE_SUM_WALL_MS } }
        : fields,
  )
  server = await timed('server start', () =>
    startServerProcess({ dir, runners: 1, challengesDir: packs?.dir }),
  )
  withGpu = learnerPage(true)
  withGpu.catch(() => undefined)
}, 240_000)

afterAll(async () => {
  for (const browser of browsers) await browser.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  packs?.remove()
})

/** Wrong solutions whose output changes from run to run (a data race): their numbers are not compared. */
const NONDETERMINISTIC = new Set(['racy-accumulate.ts'])

async function compare(page: Page, source: string, what: string, racy = false): Promise<Statuses> {
  await setEditorSource(page, source)
  const { local, remote } = await localAndServerStatuses(page)
  expectSame(local, remote, what, racy)
  return local
}

function expectSame(local: Statuses, remote: Statuses, what: string, racy = false): void {
  expect(Object.keys(local).length, `${what}: samples`).toBeGreaterThan(0)
  if (racy) expect(withoutNumbers(local), `${what}: local vs server`).toEqual(withoutNumbers(remote))
  else expect(local, `${what}: local vs server`).toEqual(remote)
}

describe('with WebGPU in the browser', () => {
  let page: Page
  beforeAll(async () => {
    page = await withGpu
  }, 120_000)
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail')
      await page.screenshot({
        path: path.join(ARTIFACTS, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`),
      })
  })

  for (const { pack, slug, label } of CASES) {
    const wrongs = wrongSolutions(pack, slug)
    it(`${pack}/${slug}: reference and ${wrongs.join(', ')} match the server`, async () => {
      await openChallenge(page, pack, slug)
      // The wrong solutions first, the reference last (solutionStatuses: nothing is timed); each run's
      // statuses are checked as it ends.
      const solutions = [
        ['reference', solution(pack, slug, 'reference.ts')] as const,
        ...wrongs.map((wrong) => [wrong, solution(pack, slug, `solutions/wrong/${wrong}`)] as const),
      ]
      await solutionStatuses(page, pack, slug, solutions, async ({ role, local, remote }) => {
        expectSame(local, remote, `${slug} ${role}`, NONDETERMINISTIC.has(role))
        if (role !== 'reference') return
        expect(Object.values(local).every((status) => status === 'Accepted')).toBe(true)
        const labels = await localBackends(page)
        expect(labels.length).toBeGreaterThan(0)
        for (const text of labels) expect(text).toMatch(label)
      })
      await page.screenshot({ path: path.join(ARTIFACTS, `${slug}.png`) })
    }, 600_000)
  }

  it('reads a WGSL compile error the same, with the line and column in the WGSL', async () => {
    await openChallenge(page, 'gpu', 'reduce-sum')
    const local = await compare(
      page,
      solution('gpu', 'reduce-sum', 'solutions/wrong/wgsl-type-error.ts'),
      'wgsl-type-error',
    )
    for (const status of Object.values(local))
      expect(status).toMatch(/^CompileError: WGSL compile error in kernel "[^"]+" at line \d+:\d+/)
    // Issue 19.5: the page compiles the kernel as the learner types and marks the file's own line; the
    // grader's message (WGSL line) gets a "go to line" at the same place in the file.
    const source = solution('gpu', 'reduce-sum', 'solutions/wrong/wgsl-type-error.ts')
    const wgslLine = Number(/at line (\d+):/.exec(Object.values(local)[0] ?? '')?.[1])
    const fileLine = (wgslTemplates(source)[0]?.line ?? 0) + wgslLine - 1
    const status = page.locator('[data-testid=compile-status][data-wgsl-errors="1"]')
    await status.waitFor()
    expect(await status.textContent()).toMatch(/1 WGSL error/)
    expect(await status.getAttribute('title')).toContain(`Go to line ${fileLine}:`)
    expect(await page.getByTestId('goto-line').textContent()).toContain(`line ${fileLine}`)
    // Highlighted as WGSL inside the template: its keywords are not drawn as one string colour.
    const kernelClasses = await page
      .locator('.monaco-editor .view-line span span')
      .evaluateAll((spans) => [
        ...new Set(spans.filter((span) => span.textContent === 'fn').map((span) => span.className)),
      ])
    const stringClass = await page
      .locator('.monaco-editor .view-line span span', { hasText: /^`$/ })
      .first()
      .getAttribute('class')
    expect(kernelClasses.length).toBeGreaterThan(0)
    expect(kernelClasses).not.toContain(stringClass)
    await page.screenshot({ path: path.join(ARTIFACTS, 'wgsl-compile-error.png') })
  }, 300_000)

  it('ends GPU buffers over the device memory limit with the same MemoryLimit', async () => {
    await openChallenge(page, 'gpu', 'reduce-sum')
    const local = await compare(
      page,
      `import { gpu } from 'arena:gpu'\n\nexport async function solve(input: { values: Float32Array }): Promise<number> {\n  await gpu.run({\n    kernel: 'huge',\n    code: '@compute @workgroup_size(1) fn main() {}',\n    buffers: { huge: { length: 2 ** 26 } },\n    dispatches: [{ workgroups: 1, bind: [] }],\n  })\n  return input.values.length\n}\n`,
      'device memory bomb',
    )
    for (const status of Object.values(local))
      expect(status).toMatch(/^MemoryLimit: Exceeded the GPU memory limit of 128 MB: kernel "huge"/)
  }, 300_000)

  it('ends a tensor memory bomb with the same MemoryLimit, on the learner line', async () => {
    await openChallenge(page, 'core', 'batch-training')
    const local = await compare(
      page,
      `import { tensor } from 'arena:tensor'\n\nexport function solve(data: { n: number }): Float32Array {\n  const kept = []\n  for (;;) kept.push(tensor.zeros([256, 256]))\n}\n`,
      'tensor memory bomb',
    )
    for (const status of Object.values(local))
      expect(status).toMatch(/^MemoryLimit: Exceeded the tensor memory limit: .*\(line 5, column \d+\)$/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'tensor-memory-bomb.png') })
  }, 300_000)

  it('stops an endless loop after gpu.run at the wall limit', async () => {
    await openChallenge(page, 'gpu', 'reduce-sum')
    await setEditorSource(
      page,
      `import { gpu } from 'arena:gpu'\n\nexport async function solve(input: { values: Float32Array }): Promise<number> {\n  const { out } = await gpu.run({\n    code: '@group(0) @binding(0) var<storage, read_write> out: array<f32>;\\n@compute @workgroup_size(1) fn main() { out[0] = 1.0; }',\n    buffers: { out: { length: 1 } },\n    dispatches: [{ workgroups: 1, bind: ['out'] }],\n    read: ['out'],\n  })\n  for (;;) {}\n  return out[0]\n}\n`,
    )
    await runToFirstSample(page)
    const first = page.getByTestId('local-test').first()
    expect(await first.getAttribute('data-status')).toBe('TimeLimit')
    expect(await first.textContent()).toMatch(
      new RegExp(`Stopped after ${REDUCE_SUM_WALL_MS} ms of wall time while calling solve`),
    )
  }, 300_000)
})

describe('without WebGPU in the browser', () => {
  let page: Page
  // (Started only now: a browser warming up beside the WebGPU tests slowed the server's SwiftShader
  // runner past tiled-matmul's CPU limit at load 13-15.)
  beforeAll(async () => {
    page = await learnerPage(false)
  }, 120_000)

  it('says why a gpu challenge cannot run locally, and points at Run', async () => {
    await openChallenge(page, 'gpu', 'reduce-sum')
    const button = page.getByTestId('run-local')
    if (await button.isDisabled()) {
      // No navigator.gpu at all: the page knows at once.
      expect(await button.getAttribute('title')).toMatch(/needs WebGPU.*Use Run/)
    } else {
      // Chromium without --enable-unsafe-webgpu has navigator.gpu but no adapter: the driver finds out.
      await setEditorSource(page, solution('gpu', 'reduce-sum', 'reference.ts'))
      await runLocal(page, 'fault')
      expect(await page.getByTestId('local-fault').textContent()).toMatch(
        /uses the gpu engine, which needs a WebGPU adapter.*Use Run to test it on the server/,
      )
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'no-webgpu.png') })
  }, 120_000)

  it('runs a tensor challenge on the cpu backend, matching the server', async () => {
    await openChallenge(page, 'core', 'batch-training')
    const reference = await compare(page, solution('core', 'batch-training', 'reference.ts'), 'cpu reference')
    expect(Object.values(reference).every((status) => status === 'Accepted')).toBe(true)
    const labels = await localBackends(page)
    expect(labels.length).toBeGreaterThan(0)
    for (const text of labels) expect(text).toBe('Ran on tensor: cpu')
    await page.screenshot({ path: path.join(ARTIFACTS, 'tensor-on-cpu.png') })
    expect(problems).toEqual([])
  }, 300_000)
})

// Last, in the WebGPU Chromium once nothing else needs it: terminating the program worker ends the run
// with the verdict, but SwiftShader keeps running the kernel in the browser's GPU process, which also
// paints the page, so here that browser stops painting for good (a real GPU's driver normally resets a
// hung queue).
describe('an endless kernel', () => {
  let page: Page
  beforeAll(async () => {
    page = await withGpu
  }, 120_000)

  it('stops a kernel that never ends at the wall limit with TimeLimit', async () => {
    await openChallenge(page, 'gpu', 'reduce-sum')
    await setEditorSource(
      page,
      `import { gpu } from 'arena:gpu'\n\nexport async function solve(input: { values: Float32Array }): Promise<number> {\n  const { a } = await gpu.run({\n    code: '@group(0) @binding(0) var<storage, read_write> a: array<f32>;\\n@compute @workgroup_size(1) fn main() { loop { if (a[0] < -1.0) { break; } a[1] = a[1] + 1.0; } }',\n    buffers: { a: { length: 4 } },\n    dispatches: [{ workgroups: 1, bind: ['a'] }],\n    read: ['a'],\n  })\n  return a[1]\n}\n`,
    )
    await runToFirstSample(page)
    const first = page.getByTestId('local-test').first()
    expect(await first.getAttribute('data-status')).toBe('TimeLimit')
    expect(await first.textContent()).toMatch(
      new RegExp(`Stopped after ${REDUCE_SUM_WALL_MS} ms of wall time while calling solve`),
    )
  }, 300_000)
})
