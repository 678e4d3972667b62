// "Run on my machine" for the tensor and gpu engines: the time from the click to every sample's local
// result, against a server sample run of the same code (click to the verdict), alternating, in one
// Chromium session with WebGPU (SwiftShader here: emulated figures, not a GPU's). The local tensor
// run uses the gpu backend (WebGPU adapter, gpu runner kind); the server grades batch-training on its
// cpu runner and the gpu pack on its GPU runner (Dawn on SwiftShader).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '../../tests/helpers/launchChromium.ts'
import {
  localBackends,
  openChallenge,
  runLocal,
  serverStatuses,
  setEditorSource,
  signUp,
} from '../../tests/helpers/localRunPage.ts'
import { startServerProcess } from '../../tests/helpers/serverProcess.ts'
import { ensureWebBuild } from '../../tests/helpers/webBuild.ts'
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
  async run(log) {
    await ensureWebBuild()
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-bench-browser-gpu-'))
    process.env.ARENA_RATE_SUBMIT = '100000'
    const server = await startServerProcess({ dir, runners: 1, challengesDir: path.join(ROOT, 'challenges') })
    const browser = await launchChromium({ webgpu: true })
    try {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: { width: 1440, height: 900 },
      })
      await context.grantPermissions(['clipboard-read', 'clipboard-write'])
      const page = await context.newPage()
      await signUp(page, 'bench_gpu')
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
    } finally {
      await browser.close()
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
