import { describe, expect, it } from 'vitest'
import { runnerKindOf, runnerMismatch } from './runnerClass.ts'
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
})
