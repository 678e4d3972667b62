import { describe, expect, it } from 'vitest'
import { runnerKindOf, runnerMismatch, softwareGpuOf, unscoredReason } from './runnerClass.ts'
import { sumArrayChallenge } from './testing/sumArrayChallenge.ts'

describe('runner classes', () => {
  it('a runner class is a kind and an adapter', () => {
    expect(runnerKindOf('cpu')).toBe('cpu')
    expect(runnerKindOf('gpu:swiftshader')).toBe('gpu')
    expect(runnerKindOf('gpu:nvidia-h100-80gb-hbm3')).toBe('gpu')
  })

  it('a challenge runs only on the kinds it lists; any runner when it lists none', () => {
    const gpuOnly = { ...sumArrayChallenge(), runners: ['gpu'] }
    expect(runnerMismatch(gpuOnly, 'gpu:swiftshader')).toBeUndefined()
    expect(runnerMismatch(gpuOnly, 'cpu')).toMatch(/runs on `gpu` runners only, and this runner is `cpu`/)
    expect(runnerMismatch({ ...gpuOnly, runners: ['cpu', 'gpu'] }, 'cpu')).toBeUndefined()
    expect(runnerMismatch({ ...gpuOnly, runners: ['cpu'] }, 'gpu:swiftshader')).toMatch(/`cpu` runners only/)
    expect(runnerMismatch({ ...gpuOnly, runners: undefined }, 'gpu:x')).toBeUndefined()
  })

  it('knows the software GPUs, whose "GPU" is the CPU, from hardware ones', () => {
    expect(softwareGpuOf('gpu:swiftshader')).toBe('SwiftShader')
    expect(softwareGpuOf('gpu:llvmpipe-llvm-15-0-6-256-bits')).toBe('llvmpipe')
    expect(softwareGpuOf('gpu:microsoft-basic-render-driver')).toBe('WARP')
    expect(softwareGpuOf('gpu:software-some-new-rasterizer')).toBe('a software adapter')
    expect(softwareGpuOf('gpu:nvidia-h100-80gb-hbm3')).toBeUndefined()
    expect(softwareGpuOf('gpu:apple-m2')).toBeUndefined()
    // A CPU runner is not a software GPU: its challenges are CPU challenges, scored as ever.
    expect(softwareGpuOf('cpu')).toBeUndefined()
  })

  it('leaves a trial unscored on a software GPU only, and says why', () => {
    expect(unscoredReason('gpu:swiftshader')).toMatch(
      /^Timed on a software GPU \(SwiftShader, `gpu:swiftshader`\).*no score and no tier/,
    )
    expect(unscoredReason('gpu:nvidia-h100-80gb-hbm3')).toBeUndefined()
    expect(unscoredReason('cpu')).toBeUndefined()
  })
})
