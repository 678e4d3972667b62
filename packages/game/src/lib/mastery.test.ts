import { describe, expect, it } from 'vitest'
import { masteryOf } from './mastery.ts'
import { CATALOG, fact, T0 } from './testFacts.ts'

describe('mastery', () => {
  it('is the mean credit of the best result per challenge of a chapter', () => {
    const mastery = masteryOf(
      [
        fact({ challengeKey: 'core/sum', at: T0, tier: 'bronze' }),
        fact({ challengeKey: 'core/sum', at: T0 + 1, tier: 'gold' }),
        fact({ challengeKey: 'core/transpose', at: T0 + 2, tier: null }),
        fact({ challengeKey: 'core/word-count', at: T0 + 2, verdict: 'TimeLimit' }),
      ],
      CATALOG,
      ['memory-hierarchy', 'mapreduce', 'gpu-kernels'],
    )
    expect(mastery).toEqual([
      { topic: 'memory-hierarchy', mastery: (1 + 0.5) / 2, accepted: 2, total: 2 },
      { topic: 'mapreduce', mastery: 0, accepted: 0, total: 1 },
      { topic: 'gpu-kernels', mastery: 0, accepted: 0, total: 0 },
    ])
  })
})
