// bundleForNode: what a module finds beside itself (import.meta.url) is found from its bundle too,
// also when the bundle is built by a process that itself runs from a bundle (the server and its runners).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { bundleForNode } from './index.ts'

const BUNDLES_AGAIN = fileURLToPath(new URL('./testing/bundleFixtures/bundlesAgain.ts', import.meta.url))

it('keeps each module’s own import.meta.url, in a bundle built from a bundle as well', {
  timeout: 60_000,
}, async () => {
  const output = (await bundleForNode([BUNDLES_AGAIN]))?.output(BUNDLES_AGAIN)
  expect(output).toMatch(/arena-node-bundles\/.*\.mjs$/)
  const printed = execFileSync(process.execPath, [output as string], { encoding: 'utf8' })
  expect(printed).toBe('beside the source / beside the copy\n')
})
