// Layout checks a person would make by eye, measured in the page (issue 19.1: no page scrolls sideways
// on a phone).
import type { Page } from 'playwright-core'

// The page function below runs in the browser; the root tsconfig has no DOM lib.
interface PageNode {
  tagName: string
  className: string
  parentElement: PageNode | null
  getBoundingClientRect(): { right: number }
}
declare const document: {
  documentElement: { scrollWidth: number; clientWidth: number }
  querySelectorAll(selector: string): ArrayLike<PageNode>
}

/** How long a page may take to lay out again after its width changed (its charts resize on an observer). */
const SETTLE_MS = 3000

/**
 * Null when the page does not scroll sideways, once it has settled after a change of width (a chart
 * follows its container through a ResizeObserver, a frame or more later); else the outermost
 * elements still past the right edge.
 */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  const deadline = Date.now() + SETTLE_MS
  for (;;) {
    const overflow = await overflowNow(page)
    if (overflow === null || Date.now() > deadline) return overflow
    await page.waitForTimeout(200)
  }
}

async function overflowNow(page: Page): Promise<string | null> {
  const width = await page.evaluate(() => {
    const client = document.documentElement.clientWidth
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((node) => node.getBoundingClientRect().right > client + 1)
      .filter((node) => !node.parentElement || node.parentElement.getBoundingClientRect().right <= client + 1)
      .map((node) => `${node.tagName.toLowerCase()}.${node.className}`)
    return { scroll: document.documentElement.scrollWidth, client, wide: wide.slice(0, 5).join(', ') }
  })
  return width.scroll <= width.client ? null : `too wide: ${width.wide}`
}
