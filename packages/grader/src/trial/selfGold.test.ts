// Through the real grader and isolates (issue 16.4, 17.4): the reference submitted as a learner is
// judged against itself and gets gold, its tier decided by the interval, the trial within its budget.
import { afterAll, describe, expect, it } from 'vitest'
import { createGrader } from '../createGrader.ts'
import { sumArrayChallenge } from '../testing/sumArrayChallenge.ts'
import { TRIAL_BUDGET_MS } from './tierDecision.ts'

const grader = createGrader()
afterAll(() => grader.close())

describe('the reference against itself', () => {
  it('gets gold, with the headline interval and the budget in the result', { timeout: 120_000 }, async () => {
    const challenge = sumArrayChallenge()
    const result = await grader.grade({
      challenge,
      source: challenge.referenceSource,
      mode: 'full',
      secretSeed: 7,
    })
    expect(result.status).toBe('Accepted')
    const perf = result.perf
    if (!perf?.interval || perf.score === undefined) throw new Error('no scored trial')
    expect(result.tier).toBe('gold')
    expect(perf.tier).toBe('gold')
    expect(perf.interval[0]).toBeLessThanOrEqual(perf.score)
    expect(perf.interval[1]).toBeGreaterThanOrEqual(perf.score)
    // Where the point fell below the gold line, the interval reached it, and the result says so.
    if (perf.score < 0.95) expect(perf.withinNoise).toBe(true)
    expect(perf.budgetMs).toBe(TRIAL_BUDGET_MS)
    expect(perf.spentMs).toBeGreaterThan(0)
    for (const perfCase of perf.cases) expect(perfCase.rounds).toBeLessThanOrEqual(challenge.perf.maxRounds)
  })
})
