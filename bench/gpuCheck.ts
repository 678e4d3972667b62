// `npm run gpu-check`: run on a GPU runner host (see apps/runner/README.md, "GPU runner host") to check
// that Dawn finds the GPU, that the GPU pack's references pass there, and to print the figures the
// README records (kernel GFLOP/s and GB/s, and the tensor engine's numbers where that bench exists).
// Exit code 0 when the adapter was found and every reference was Accepted.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { chooseVulkanDriver, detectGpuRunnerClass } from '@arena/engines'
import { createGrader } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { describeKernel, GPU_SIZES, measurePackKernels } from './sections/gpuKernels.ts'

const log = (line = '') => console.log(line)

log('== Vulkan driver')
log(`VK_DRIVER_FILES=${process.env.VK_DRIVER_FILES ?? ''}`)
log(`VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? ''}`)
const driver = chooseVulkanDriver()
log(`driver Dawn will load: ${driver}`)
if (driver.includes('nvidia') && !existsSync(driver)) log(`warning: ${driver} does not exist`)

log('\n== Adapter')
const detected = await detectGpuRunnerClass()
if (detected.runnerClass === null) {
  log(`no GPU: ${detected.reason}`)
  log('Set the host up as apps/runner/README.md ("GPU runner host") says, then run this again.')
  process.exit(1)
}
const { runnerClass, adapterName } = detected
const emulated = runnerClass === 'gpu:swiftshader'
log(`runner class: ${runnerClass}`)
log(`adapter: ${adapterName}`)
if (emulated) {
  log('note: this is SwiftShader, the CPU emulator (no real GPU was found): figures below are not a GPU’s.')
}

log('\n== The GPU pack, every reference graded (tests) on this runner class')
const pack = await loadPack(path.resolve(import.meta.dirname, '../challenges/gpu'))
const grader = createGrader({ runnerClass })
let failed = 0
try {
  for (const challenge of pack.challenges) {
    const result = await grader.grade({
      challenge: toGradable(pack, challenge),
      source: challenge.sources.reference,
      filename: 'reference.ts',
      mode: 'tests',
      secretSeed: 1,
    })
    if (result.status !== 'Accepted') failed++
    log(
      `${challenge.id}: ${result.status}${result.message ? ` (${result.message})` : ''} on ${result.runner.class}`,
    )
  }
} finally {
  await grader.close()
}

log(`\n== Kernels (${emulated ? 'the pack sizes' : 'sizes that fill a GPU'}), median of 5 runs`)
const { kernels, cpuLoops } = await measurePackKernels({
  rounds: 5,
  ...(emulated ? {} : { sizes: GPU_SIZES }),
  log: () => {},
})
for (const figure of kernels) log(describeKernel(figure))
for (const loop of cpuLoops) {
  const reference = kernels.find((k) => k.challenge === loop.challenge && k.solution === 'reference')
  const baseline = kernels.find((k) => k.challenge === loop.challenge && k.solution === 'baseline')
  if (!reference || !baseline) continue
  log(
    `${loop.challenge}: reference ${(baseline.kernelMs / reference.kernelMs).toFixed(1)}× the naive kernel, ` +
      `${(loop.ms / reference.kernelMs).toFixed(1)}× a plain CPU loop (${loop.ms.toFixed(2)} ms)`,
  )
}

const tensorBench = path.resolve(import.meta.dirname, 'sections/tensor.ts')
if (existsSync(tensorBench)) {
  log('\n== Tensor engine (npm run bench tensor)')
  try {
    const { tensorSection } = (await import(tensorBench)) as {
      tensorSection: { run(log: (line: string) => void): Promise<unknown> }
    }
    await tensorSection.run((line) => log(`  ${line}`))
  } catch (error) {
    log(`  not measured: ${String(error)}`)
  }
}

const matmul = kernels.find((k) => k.challenge === 'tiled-matmul' && k.solution === 'reference')
const reduce = kernels.find((k) => k.challenge === 'reduce-sum' && k.solution === 'reference')
log('\n== For apps/runner/README.md')
log(
  `${new Date().toISOString().slice(0, 10)}, ${adapterName} (${runnerClass}): tiled matmul ${matmul?.size}³ ` +
    `${matmul?.gflops?.toFixed(1)} GFLOP/s, reduction of ${reduce?.size} floats ${reduce?.gbps?.toFixed(1)} GB/s; ` +
    `references ${failed === 0 ? 'all Accepted' : `${failed} not Accepted`}.`,
)
process.exit(failed === 0 ? 0 : 1)
