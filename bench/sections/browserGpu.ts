// "Run on my machine" for the tensor and gpu engines: the time from the click to every sample's local
// result, against a server sample run of the same code (click to the verdict), alternating, in one
// Chromium session with WebGPU (SwiftShader here: emulated figures, not a GPU's). The local tensor
// run uses the gpu backend (WebGPU adapter, gpu runner kind); the server grades batch-training on its
// cpu runner and the gpu pack on its GPU runner (Dawn on SwiftShader).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  localBackends,
  openChallenge,
  runLocal,
  serverStatuses,
  setEditorSource,
} from '../../tests/helpers/localRunPage.ts'
import { withLearnerPage } from './learnerPage.ts'
import { type BenchSection, summarize } from './section.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CHALLENGES: [pack: string, slug: string][] = [
  ['core', 'batch-training'],
  ['gpu', 'reduce-sum'],
]
const ROUNDS = 3

declare const performance: { now(): number }

export const browserGpuSection: BenchSection = {
  name: 'browser-gpu',
  description:
    'local sample run of a tensor and a gpu challenge on WebGPU (SwiftShader) vs the server sample run, same session (issue #9)',
  run(log) {
    return withLearnerPage({ name: 'browser-gpu', chromium: { webgpu: true } }, async (page) => {
      const results: Record<string, unknown> = {}
      for (const [pack, slug] of CHALLENGES) {
        await openChallenge(page, pack, slug)
        await setEditorSource(
          page,
          readFileSync(path.join(ROOT, 'challenges', pack, slug, 'reference.ts'), 'utf8'),
        )
        const local: number[] = []
        const remote: number[] = []
        for (let round = 0; round < ROUNDS; round++) {
          // Alternating which goes first, so neither always runs on a warmer machine.
          const order = round % 2 === 0 ? (['local', 'server'] as const) : (['server', 'local'] as const)
          for (const which of order) {
            const startedAt = performance.now()
            if (which === 'local') await runLocal(page)
            else await serverStatuses(page)
            ;(which === 'local' ? local : remote).push(performance.now() - startedAt)
          }
        }
        const backend = (await localBackends(page))[0] ?? 'none'
        const stats = { backend, local: summarize(local), server: summarize(remote) }
        log(
          `${pack}/${slug} (${backend}): local sample run median ${stats.local.median.toFixed(0)} ms, server sample run median ${stats.server.median.toFixed(0)} ms, ratio server / local ${(stats.server.median / stats.local.median).toFixed(2)}x`,
        )
        results[`${pack}/${slug}`] = { ...stats, ratio: stats.server.median / stats.local.median }
      }
      return results
    })
  },
}
