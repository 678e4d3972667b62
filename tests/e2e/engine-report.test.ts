// Every engine's evidence on the report (issue 16), in headless Chromium against the real server with
// its own runners (cpu, and gpu on SwiftShader) and the course's own challenges on short trials (quickPacks): a learner submits the
// reference of a disk, a pool, a mapreduce (word-count) and a gpu challenge, opens each report and sees the engine's
// figures beside the reference's, the timeline's bars and how the headline is formed. Screenshots at
// desktop and phone width land in tests/e2e/artifacts/engine-report/ (git-ignored).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import { inNewPage, signUp, submitSource } from '../helpers/learnerSession.ts'
import { type QuickPacks, quickCoursePacks, shortTrial } from '../helpers/quickPacks.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/engine-report')
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json'

interface Case {
  engine: 'disk' | 'pool' | 'mapreduce' | 'gpu'
  challenge: string
  /** Rows of the engine's table that must show a figure on both sides. */
  rows: string[]
  /** Whether the engine reports a timeline of tasks. */
  timeline: boolean
}

const CASES: Case[] = [
  {
    engine: 'disk',
    challenge: 'core/external-sort',
    rows: ['bytesRead', 'bytesWritten', 'readPasses', 'seeks', 'peakScratch'],
    timeline: false,
  },
  {
    engine: 'pool',
    challenge: 'core/parallel-histogram',
    rows: ['workerBusy-0', 'workerBusy-1', 'workerTasks-0', 'tasks'],
    timeline: true,
  },
  {
    engine: 'mapreduce',
    challenge: 'core/word-count',
    rows: ['shuffleBytes', 'spilledRuns', 'reducerRecords-0', 'reducerSkew', 'mapPhase', 'reducePhase'],
    timeline: true,
  },
  {
    engine: 'gpu',
    challenge: 'gpu/reduce-sum',
    rows: ['kernelTime', 'gflops', 'gbps', 'codeShare'],
    timeline: true,
  },
]

// matrix-transpose's cases, smaller than the course's (1024x2048 to 2048x4096): named shapes all the same.
const SHAPES = [
  { name: '256x512', size: { rows: 256, cols: 512 } },
  { name: '384x768', size: { rows: 384, cols: 768 } },
  { name: '512x1024', size: { rows: 512, cols: 1024 } },
]

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
let packs: QuickPacks | undefined
/** The learner of the named-sizes test, and the submission queued for it at the start (see beforeAll). */
let shapes: { api: ApiClient; id: number } | undefined

beforeAll(async () => {
  // The course's challenges with short trials on a quarter of their sizes: every engine's counters,
  // cases and tier are a real grading's, in seconds rather than minutes.
  packs = quickCoursePacks(
    [...CASES.map((entry) => entry.challenge), 'core/matrix-transpose'],
    (fields, id) => {
      const short = shortTrial(fields)
      const cases =
        id === 'core/matrix-transpose'
          ? SHAPES
          : short.perf.cases.map((perfCase) => ({ ...perfCase, size: Math.round(Number(perfCase.size) / 4) }))
      return { ...short, perf: { ...short.perf, cases } }
    },
  )
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-engines-',
    runners: 1,
    challengesDir: packs.dir,
    env: { ARENA_GPU_RUNNERS: '1', VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER },
  }))
  // The named-sizes test's Submit is queued first, through the API as its page would send it: the cpu
  // runner grades it while the other test reads its reports, instead of after them.
  const api = new ApiClient(server!.url)
  const signed = await api.signup(`shapes_${Date.now().toString(36)}`, 'correct horse battery')
  if (!signed.ok) throw new Error(`signup: ${signed.error.message}`)
  const created = await api.mutation<{ id: number }>('submission.create', {
    challengeId: 'core/matrix-transpose',
    source: reference('core/matrix-transpose'),
    mode: 'full',
  })
  if (!created.ok) throw new Error(`submission.create: ${created.error.message}`)
  shapes = { api, id: created.data.id }
}, 180_000)

afterAll(async () => {
  await stopE2eStack({ dir, server, browser })
  packs?.remove()
})

function reference(challenge: string): string {
  return readFileSync(path.join(REPO_ROOT, 'challenges', challenge, 'reference.ts'), 'utf8')
}

it('shows every engine’s counters beside the reference’s, the timeline bars and the headline rule', async () => {
  await inNewPage(browser!, { baseURL: server!.url, artifacts: ARTIFACTS }, async (page) => {
    await signUp(page, 'engines')

    // All four queued at once: the cpu runner grades three in turn while the gpu runner grades one.
    const ids = new Map<Case, number>()
    for (const entry of CASES)
      ids.set(entry, await submitSource(page, entry.challenge, reference(entry.challenge)))

    for (const entry of CASES) {
      await page.goto(`/submissions/${ids.get(entry)}`)
      await page.locator('[data-testid=verdict] [data-verdict=Accepted]').waitFor({ timeout: 600_000 })
      const table = page.getByTestId(`evidence-${entry.engine}`)
      await table.waitFor()
      for (const row of entry.rows) {
        const cells = table.getByTestId(`evidence-row-${row}`)
        expect(await cells.getByTestId('yours').textContent(), `${entry.engine} ${row} yours`).toMatch(/\d/)
        expect(await cells.getByTestId('reference').textContent(), `${entry.engine} ${row} ref`).toMatch(/\d/)
      }
      if (entry.engine === 'disk') {
        // The reference sorts out of core in two passes: it reads its input twice (≈ 2×, not 9×).
        const passes = await table.getByTestId('evidence-row-readPasses').getByTestId('yours').textContent()
        expect(Number.parseFloat(passes ?? '')).toBeLessThan(4)
        expect(await table.getByTestId('evidence-row-bytesRead').textContent()).toMatch(/MB/)
      }
      if (entry.engine === 'gpu') {
        expect(await table.getByTestId('evidence-row-gflops').textContent()).toContain('GFLOP/s')
        expect(await table.getByTestId('evidence-row-gbps').textContent()).toContain('GB/s')
      }
      if (entry.timeline) {
        const summary = (await page.getByTestId('timeline-summary').textContent()) ?? ''
        const tasks = Number(/(\d+) tasks?/.exec(summary)?.[1])
        expect(tasks, summary).toBeGreaterThan(0)
        await page.locator('[data-testid=timeline-chart][data-ready=true] svg').waitFor()
        // One bar per task, drawn in its worker's colour (see TimelineCard's WORKER_COLORS).
        await expect
          .poll(() => page.locator('[data-testid=timeline-chart] svg path[fill="#5b4cf0"]').count())
          .toBeGreaterThan(0)
      }
      // How the headline is formed, in one sentence (or why there is none: a software GPU).
      const formula = (await page.getByTestId('headline-formula').textContent()) ?? ''
      expect(formula).toMatch(
        entry.engine === 'gpu' ? /software GPU/ : /geometric mean|ratio of the one case/,
      )
      await page.waitForTimeout(600)
      await page.screenshot({ path: path.join(ARTIFACTS, `${entry.engine}-desktop.png`), fullPage: true })
      await page.setViewportSize({ width: 390, height: 844 })
      await page.waitForTimeout(600)
      await page.screenshot({ path: path.join(ARTIFACTS, `${entry.engine}-phone.png`), fullPage: true })
      await page.setViewportSize({ width: 1440, height: 900 })
    }
  })
}, 900_000)

// Issue 19.11: a challenge whose sizes are named parameters (matrix-transpose: `{ rows, cols }`).
it('names each perf case’s size under its name, named parameters included', async () => {
  const { api, id } = shapes!
  await inNewPage(browser!, { baseURL: server!.url, artifacts: ARTIFACTS, api }, async (page) => {
    await page.goto(`/submissions/${id}`)
    await page.locator('[data-testid=verdict] [data-verdict=Accepted]').waitFor({ timeout: 600_000 })
    const sizes = await page.getByTestId('perf-cases').getByTestId('perf-case-size').allTextContents()
    expect(sizes).toEqual([
      'size rows = 256 · cols = 512',
      'size rows = 384 · cols = 768',
      'size rows = 512 · cols = 1,024',
    ])
    await page.getByTestId('perf-cases').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(ARTIFACTS, 'named-sizes-desktop.png') })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('perf-cases').scrollIntoViewIfNeeded()
    await page.waitForTimeout(400)
    await page.screenshot({ path: path.join(ARTIFACTS, 'named-sizes-phone.png') })
  })
}, 600_000)
