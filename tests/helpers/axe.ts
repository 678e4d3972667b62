// Accessibility checks with axe-core (the engine of Lighthouse and the axe browser extension) on a page
// as it stands: WCAG 2.1 A and AA rules; a test expects no serious or critical violation (issue 19.14).

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string
  help: string
  /** Selectors of the first offending elements. */
  targets: string[]
}

// The page functions below run in the browser; the root tsconfig has no DOM lib.
declare const axe: {
  run(
    context: unknown,
    options: unknown,
  ): Promise<{
    violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[]
  }>
}
declare const document: unknown

/** The serious and critical violations of WCAG 2.1 A/AA rules on the page, as they stand now. */
export async function seriousA11yViolations(
  page: Page,
  options: { exclude?: string[] } = {},
): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined')))
    // Evaluated over the DevTools protocol: the app's CSP (scripts from 'self' only) does not apply.
    await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async (exclude) => {
    const result = await axe.run(
      exclude.length > 0 ? { exclude: exclude.map((selector) => [selector]) } : document,
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      },
    )
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'minor',
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }))
  }, options.exclude ?? [])
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
}

/** One line per violation, for an assertion's message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(' | ')})`).join('\n')
}
