// The challenge page's "Run on my machine" and "Run" driven from a test: paste a solution, run its
// samples locally or on the server, and read back each sample's status and message. Shared by the
// local-run e2e tests (tests/e2e/local-run.test.ts, local-run-gpu.test.ts)
// and the bench (bench/sections/browserGpu.ts), so nothing here needs vitest.
import type { Page } from 'playwright-core'

// The page functions below run in the browser; the root tsconfig has no DOM lib.
interface PageNode {
  textContent: string | null
  getAttribute(name: string): string | null
}
declare const document: {
  querySelectorAll(
    selector: string,
  ): ArrayLike<PageNode & { querySelector(selector: string): PageNode | null }>
  activeElement: { closest(selector: string): unknown; dispatchEvent(event: unknown): boolean } | null
}
declare class DataTransfer {
  setData(type: string, data: string): void
}
declare class ClipboardEvent {
  constructor(type: string, init: { clipboardData: DataTransfer; bubbles: boolean; cancelable: boolean })
  readonly defaultPrevented: boolean
}
declare function fetch(url: string): Promise<{ json(): Promise<unknown> }>

/** ARENA_E2E_PHASES=1 logs how long each step of a local-run flow took (stderr), to see where a file's time goes. */
const PHASES = process.env.ARENA_E2E_PHASES === '1'
export async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  if (!PHASES) return step()
  const start = Date.now()
  try {
    return await step()
  } finally {
    process.stderr.write(`[phase] ${what}: ${Date.now() - start} ms\n`)
  }
}

/** Per sample: its status, and the message of a failing one (the checker's or the error's). */
export type Statuses = Record<string, string>

/**
 * The statuses with every number masked: for wrong solutions whose output changes from run to run (a
 * data race, a random partitioner), whose verdicts still must agree.
 */
export function withoutNumbers(statuses: Statuses): Statuses {
  return Object.fromEntries(
    Object.entries(statuses).map(([name, text]) => [name, text.replace(/\d+(\.\d+)?/g, '#')]),
  )
}

/** An attribute of an element that may not be there: no waiting when it is not. */
export async function attr(page: Page, testId: string, name: string): Promise<string | null> {
  const element = page.getByTestId(testId)
  return (await element.count()) > 0 ? element.first().getAttribute(name) : null
}

export function openChallenge(page: Page, pack: string, slug: string): Promise<void> {
  return timed(`open ${pack}/${slug}`, () => openChallengeNow(page, pack, slug))
}

async function openChallengeNow(page: Page, pack: string, slug: string): Promise<void> {
  const url = `/c/${pack}/${slug}`
  // Within the app, the way a learner's click goes (the router, no reload): the page keeps its
  // esbuild-wasm and Monaco's TypeScript worker, which a reload starts again (seconds, more under load).
  // (Evaluated as text: this file is typed without the DOM's globals.)
  const inApp = await page.evaluate<boolean>("Boolean(document.querySelector('#root > *'))")
  if (inApp) {
    await page.evaluate(
      `history.pushState(null, '', ${JSON.stringify(url)}); dispatchEvent(new PopStateEvent('popstate'))`,
    )
    await page.waitForURL((location) => location.pathname === url)
  } else await page.goto(url)
  await page.locator(`[data-challenge="${pack}/${slug}"] .monaco-editor .view-lines`).waitFor()
}

/**
 * Opens the challenge again on a fresh mount of its page (the router goes home and back, no reload):
 * the page forgets its previous run, which the next run would otherwise be timed against.
 */
export function reopenChallenge(page: Page, pack: string, slug: string): Promise<void> {
  return timed(`reopen ${pack}/${slug}`, async () => {
    await page.evaluate("history.pushState(null, '', '/'); dispatchEvent(new PopStateEvent('popstate'))")
    await page.locator(`[data-challenge="${pack}/${slug}"]`).waitFor({ state: 'detached' })
    await openChallengeNow(page, pack, slug)
  })
}

/** One solution's statuses, run in the page and on the server at once. */
export interface SolutionStatuses {
  role: string
  local: Statuses
  remote: Statuses
}

/**
 * Runs each solution on the open challenge in the page and on the server, the reference last, and
 * answers their statuses in the order given. The page times a run against its previous run once that
 * passed every sample (never read here: 'timing on this machine' in local-run.test.ts tests it): with
 * the wrong solutions first, a wrong one fails a sample and nothing is timed; one that passes every
 * sample (a slow solution) is forgotten on a fresh mount of the page before the next solution runs.
 * `afterEach` sees each solution's statuses as it ran (the assertions a file makes per run).
 */
export async function solutionStatuses(
  page: Page,
  pack: string,
  slug: string,
  solutions: readonly (readonly [role: string, source: string])[],
  afterEach?: (seen: SolutionStatuses) => Promise<void> | void,
): Promise<SolutionStatuses[]> {
  const order = [...solutions.keys()].sort(
    (a, b) => Number(solutions[a]?.[0] === 'reference') - Number(solutions[b]?.[0] === 'reference'),
  )
  const seen: SolutionStatuses[] = []
  let forget = false
  for (const index of order) {
    const [role, source] = solutions[index] as readonly [string, string]
    if (forget) await reopenChallenge(page, pack, slug)
    await setEditorSource(page, source)
    const statuses = { role, ...(await localAndServerStatuses(page)) }
    forget = Object.values(statuses.local).every((status) => status === 'Accepted')
    seen[index] = statuses
    await afterEach?.(statuses)
  }
  return seen
}

/**
 * Pastes the source (typed text would get Monaco's auto-indent and auto-closed brackets) and waits
 * until the page compiled exactly that text; a paste lost under load is tried again.
 */
export function setEditorSource(page: Page, source: string): Promise<void> {
  return timed('paste and compile', () => setEditorSourceNow(page, source))
}

async function setEditorSourceNow(page: Page, source: string): Promise<void> {
  const read = async () => ({
    count: Number((await attr(page, 'compile-status', 'data-count')) ?? 0),
    chars: Number((await attr(page, 'compile-status', 'data-chars')) ?? -1),
  })
  const before = (await read()).count
  const compiled = async () => {
    const now = await read()
    return now.count > before && now.chars === source.length
  }
  for (let attempt = 1; ; attempt++) {
    try {
      // With WebGPU on, Chromium composites on SwiftShader too and a click can land before the editor
      // takes it: the editor must have the focus, or Ctrl+A selects the whole page.
      await waitUntil(
        async () => {
          // A point inside the editor's visible frame: the lines' own box may be scrolled far off.
          await page
            .locator('.monaco-editor')
            .first()
            .click({ position: { x: 300, y: 40 } })
          return page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor')))
        },
        20_000,
        500,
        'the editor did not take the focus',
      )
      await page.keyboard.press('ControlOrMeta+A')
      // The paste event Ctrl+V fires, with the text in its own clipboard data: Monaco's paste handler
      // reads the event's data, as it does a real paste's. The system clipboard is one for every page
      // of the browser, so pages that pasted through it had to take turns; this event is the page's own.
      const pasted = await page.evaluate(pasteInto, source)
      if (!pasted) throw new Error('the editor did not take the paste')
      await waitUntil(compiled, 10_000, 100, 'the page did not compile the pasted source')
      return
    } catch (error) {
      if (attempt === 3) throw error
    }
  }
}

/** In the page: a paste of `text` into the focused element; whether the editor handled it. */
function pasteInto(text: string): boolean {
  const data = new DataTransfer()
  data.setData('text/plain', text)
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
  const target = document.activeElement
  if (!target?.closest('.monaco-editor')) return false
  target.dispatchEvent(event)
  return event.defaultPrevented
}

/** Phases a run stays in once it reached them. */
const FINAL_PHASES = ['done', 'fault', 'compileError']

/**
 * Runs the samples in the page and waits for this run (not the last one) to reach `phase`. A run that
 * ends in another phase, or is still going after 3 minutes, fails at once with what the panel says.
 */
export function runLocal(page: Page, phase = 'done'): Promise<void> {
  return timed(`local run to ${phase}`, () => runLocalNow(page, phase))
}

async function runLocalNow(page: Page, phase: string): Promise<void> {
  const run = Number((await attr(page, 'local-run', 'data-run')) ?? '0') + 1
  await page.getByTestId('run-local').click()
  const phases = [...new Set([phase, ...FINAL_PHASES])]
  const selector = phases.map((each) => `[data-testid=local-run][data-phase=${each}][data-run="${run}"]`)
  const panel = page.getByTestId('local-run').first()
  const shown = async () =>
    `phase ${await panel.getAttribute('data-phase')}, run ${await panel.getAttribute('data-run')}: ${(await panel.textContent())?.slice(0, 800)}`
  try {
    await page.locator(selector.join(', ')).first().waitFor({ timeout: 180_000 })
  } catch (error) {
    throw new Error(`local run ${run} did not reach ${phase} in 180 s (${await shown()})`, { cause: error })
  }
  // A run awaited while running may already be done; one awaited to its end must end there.
  const reached = await panel.getAttribute('data-phase')
  if (FINAL_PHASES.includes(phase) && reached !== phase)
    throw new Error(`local run ${run} ended in ${reached}, not ${phase} (${await shown()})`)
}

/**
 * Runs the samples until the first one has its verdict, then ends the run with Stop: for a program that
 * runs into the wall limit on every sample, where only the first verdict is read (the others would
 * each wait out the limit again).
 */
export function runToFirstSample(page: Page): Promise<void> {
  return timed('local run to its first sample', async () => {
    const run = Number((await attr(page, 'local-run', 'data-run')) ?? '0') + 1
    await page.getByTestId('run-local').click()
    const panel = `[data-testid=local-run][data-run="${run}"]`
    await page
      .locator(`${panel} [data-testid=local-test]:not([data-status=""])`)
      .first()
      .waitFor({ timeout: 180_000 })
    // A click event, not a pointer's click: that waits for the button to be painted, and a browser whose
    // GPU process runs an endless kernel paints no more. (A run that ended on its own meanwhile has no
    // Stop left to click.)
    const stop = page.locator(`${panel} [data-testid=local-stop]`)
    if (await stop.count())
      await stop.dispatchEvent('click', undefined, { timeout: 5000 }).catch(() => undefined)
    await page.locator(`${panel}:is([data-phase=done], [data-phase=fault])`).waitFor()
  })
}

export async function localStatuses(page: Page): Promise<Statuses> {
  await runLocal(page)
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(document.querySelectorAll('[data-testid=local-test]')).map((row) => {
        const message = row.querySelector('.failing-test__message')?.textContent
        return [
          row.getAttribute('data-name') ?? '',
          `${row.getAttribute('data-status')}${message ? `: ${message}` : ''}`,
        ]
      }),
    ),
  )
}

/** The backend labels of the last local run's samples (`tensor: gpu (…)`), in order. */
export async function localBackends(page: Page): Promise<string[]> {
  return page.getByTestId('local-backend').allTextContents()
}

export async function serverStatuses(page: Page): Promise<Statuses> {
  return timed('server run', async () => (await startServerRun(page))())
}

/**
 * The same solution run on both sides at once: the server's Run is queued first and its runner grades
 * while the page runs the samples (the two panels are independent), so a comparison waits for the
 * slower side rather than for the sum of both.
 */
export async function localAndServerStatuses(page: Page): Promise<{ local: Statuses; remote: Statuses }> {
  const remote = await startServerRun(page)
  const local = await localStatuses(page)
  return { local, remote: await timed('server run, after the local one', remote) }
}

/** Clicks Run; answers a function that waits for that run's stored result and reads its samples. */
async function startServerRun(page: Page): Promise<() => Promise<Statuses>> {
  const before = await attr(page, 'open-report', 'href')
  await page.getByTestId('run').click()
  return () => serverRunStatuses(page, before)
}

async function serverRunStatuses(page: Page, before: string | null): Promise<Statuses> {
  await waitUntil(
    async () => (await attr(page, 'open-report', 'href')) !== before,
    240_000,
    250,
    'the server run did not finish',
  )
  await page.getByTestId('open-report').waitFor()
  const href = (await page.getByTestId('open-report').getAttribute('href')) ?? ''
  const id = Number(/\/submissions\/(\d+)/.exec(href)?.[1])
  type Detail = {
    status: string
    verdict: string | null
    message?: string
    tests: { name: string; kind: string; status: string; message?: string }[]
  }
  const read = async () =>
    (
      (await page.evaluate(
        (url) => fetch(url).then((response) => response.json()),
        `/trpc/submission.get?input=${encodeURIComponent(JSON.stringify({ id }))}`,
      )) as { result: { data: Detail } }
    ).result.data
  // The link may show before the stored result is whole: read it once the run is done.
  let detail = await read()
  await waitUntil(
    async () => {
      detail = await read()
      return detail.status === 'done'
    },
    240_000,
    250,
    `server run ${id} did not finish`,
  )
  if (!detail.tests.some((test) => test.kind === 'sample'))
    throw new Error(`server run ${id} has no sample results: ${detail.verdict} ${detail.message ?? ''}`)
  return Object.fromEntries(
    detail.tests
      .filter((test) => test.kind === 'sample')
      .map((test) => [test.name, `${test.status}${test.message ? `: ${test.message}` : ''}`]),
  )
}

/** Polls `check` until it is true; throws `what` after `timeoutMs`. */
async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/**
 * Works through `jobs` on several pages at once, each page taking the next job in the list as soon as
 * it is free, and answers one promise per job, in the list's order: a file's tests await their own
 * job's result and assert on it, so its comparisons go on in every page while its tests still read
 * (and fail) one by one. A page that could not start takes no job; when none could, every job fails
 * with why.
 */
export function onPages<Job, Result>(
  pages: readonly (Page | Promise<Page>)[],
  jobs: readonly Job[],
  work: (page: Page, job: Job) => Promise<Result>,
): Promise<Result>[] {
  const settlers: { resolve: (result: Result) => void; reject: (error: unknown) => void }[] = []
  const results = jobs.map(
    () =>
      new Promise<Result>((resolve, reject) => {
        settlers.push({ resolve, reject })
      }),
  )
  // Awaited by the tests; a job no test awaits (a filtered run) must not fail the file on its own.
  for (const result of results) result.catch(() => undefined)
  let next = 0
  let failedPages = 0
  for (const page of pages)
    void (async () => {
      let ready: Page
      try {
        ready = await page
      } catch (error) {
        if (++failedPages === pages.length) while (next < jobs.length) settlers[next++]?.reject(error)
        return
      }
      while (next < jobs.length) {
        const index = next++
        try {
          settlers[index]?.resolve(await work(ready, jobs[index] as Job))
        } catch (error) {
          settlers[index]?.reject(error)
        }
      }
    })()
  return results
}
