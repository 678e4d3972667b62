import { detectGpuRunnerClass } from '@arena/engines'
import { UsageError } from './UsageError.ts'

export type RunnerKind = 'cpu' | 'gpu'
export const RUNNER_KINDS: readonly RunnerKind[] = ['cpu', 'gpu']

/**
 * `--runner cpu` → `cpu`; `--runner gpu` → `gpu:<adapter>` of this machine's WebGPU adapter, or a
 * usage error that says plainly there is none (and why Dawn found none).
 */
export async function resolveRunnerClass(kind: RunnerKind = 'cpu'): Promise<string> {
  if (kind === 'cpu') return 'cpu'
  const detected = await detectGpuRunnerClass()
  if (detected.runnerClass === null) {
    throw new UsageError(
      `--runner gpu: this machine has no usable GPU. ${detected.reason}. Set up a GPU host as apps/runner/README.md ("GPU runner host") describes, or grade with --runner cpu.`,
    )
  }
  process.stderr.write(`runner: ${detected.runnerClass} (${detected.adapterName})\n`)
  return detected.runnerClass
}
