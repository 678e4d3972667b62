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
