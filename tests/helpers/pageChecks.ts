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

/** Null when the page does not scroll sideways; else the outermost elements past the right edge. */
export async function horizontalOverflow(page: Page): Promise<string | null> {
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
