import type { GradableChallenge } from './types.ts'

/** `cpu` → `cpu`; `gpu:nvidia-h100-80gb-hbm3` → `gpu`: the kind a challenge's `runners` lists. */
export function runnerKindOf(runnerClass: string): string {
  const colon = runnerClass.indexOf(':')
  return colon === -1 ? runnerClass : runnerClass.slice(0, colon)
}

/**
 * Why this runner cannot grade the challenge (a GPU challenge on a CPU runner), or undefined. Results
 * are comparable only within one runner class, so a challenge runs only where its author said.
 */
export function runnerMismatch(challenge: GradableChallenge, runnerClass: string): string | undefined {
  const runners = challenge.runners
  if (!runners || runners.includes(runnerKindOf(runnerClass))) return undefined
  const wanted = runners.map((kind) => `\`${kind}\``).join(' or ')
  const hint = runners.includes('gpu')
    ? ' Grade it on a GPU runner (`arena grade --runner gpu`, `arena pack test --runner gpu`, or a runner started with --gpu).'
    : ''
  return `${challenge.id} runs on ${wanted} runners only, and this runner is \`${runnerClass}\`: nothing was graded.${hint}`
}

/**
 * Adapters that run "GPU" kernels on the CPU, by the slug `runnerClassOf` gives them (engines'
 * GpuHandle): SwiftShader (Chromium's Vulkan on the CPU, what CI and CPU-only runners have), Mesa's
 * llvmpipe / lavapipe, Microsoft's WARP, and any adapter Dawn itself marks as a fallback
 * (`gpu:software-…`).
 */
const SOFTWARE_GPU_NAMES: readonly [pattern: RegExp, name: string][] = [
  [/^swiftshader/, 'SwiftShader'],
  [/^(llvmpipe|lavapipe)/, 'llvmpipe'],
  [/^microsoft-basic-render/, 'WARP'],
  [/^software-/, 'a software adapter'],
]

/**
 * The software GPU this runner class is (`gpu:swiftshader` → `SwiftShader`), or undefined for a CPU
 * runner or a hardware GPU. On a software GPU the "GPU" is the CPU, so plain JavaScript beats kernels
 * (2.3-2.9x, measured on SwiftShader): a time taken there says nothing about the kernels it is meant to
 * rank, and is not scored (see unscoredReason).
 */
export function softwareGpuOf(runnerClass: string): string | undefined {
  if (runnerKindOf(runnerClass) !== 'gpu') return undefined
  const adapter = runnerClass.slice('gpu:'.length)
  return SOFTWARE_GPU_NAMES.find(([pattern]) => pattern.test(adapter))?.[1]
}

/**
 * Why a trial on this runner class gets no score and no tier, or undefined when it is scored. The
 * submission is still graded for correctness and its times are shown; leaderboards, tiers and badges
 * skip it.
 */
export function unscoredReason(runnerClass: string): string | undefined {
  const software = softwareGpuOf(runnerClass)
  if (!software) return undefined
  return `Timed on a software GPU (${software}, \`${runnerClass}\`): its "GPU" is the CPU, so these times say nothing about GPU kernels. Correctness only: no score and no tier (leaderboards and badges skip this run). Submit on a runner with a hardware GPU for a score.`
}
