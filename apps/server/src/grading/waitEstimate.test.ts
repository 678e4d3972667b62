// The wait a learner is shown beside their queue position (issue 17, point 1): inputs in, ms out.
import { describe, expect, it } from 'vitest'
import { DEFAULT_RUN_MS, DEFAULT_SUBMIT_MS, estimateWaitMs, median, type WaitInput } from './waitEstimate.ts'

const submit = (overrides: Partial<WaitInput> = {}): WaitInput => ({
  mode: 'full',
  runsAhead: 0,
  submitsAhead: 0,
  runnersOnline: 1,
  recentRunMs: [200],
  recentSubmitMs: [20_000],
  ...overrides,
})
const run = (overrides: Partial<WaitInput> = {}): WaitInput => submit({ mode: 'samples', ...overrides })

describe('estimateWaitMs', () => {
  it('a Submit next in line waits for half the Submit the runner holds', () => {
    expect(estimateWaitMs(submit())).toBe(10_000)
  })

  it('each Submit ahead adds a median grading, shared by the runners online', () => {
    expect(estimateWaitMs(submit({ submitsAhead: 3 }))).toBe(70_000)
    expect(estimateWaitMs(submit({ submitsAhead: 3, runnersOnline: 2 }))).toBe(35_000)
    expect(estimateWaitMs(submit({ submitsAhead: 3, runnersOnline: 7 }))).toBe(10_000)
  })

  it('takes the median of recent gradings, so one slow or failed grading does not move it', () => {
    const recentSubmitMs = [20_000, 19_000, 400_000, 21_000, 50]
    expect(estimateWaitMs(submit({ submitsAhead: 1, recentSubmitMs }))).toBe(30_000)
  })

  it('counts the Runs ahead of a Submit at half a Run each: the lanes take most of them', () => {
    expect(estimateWaitMs(submit({ runsAhead: 10 }))).toBe(10_000 + 1_000)
  })

  it('a Run waits only for the Runs ahead of it, never for Submits', () => {
    expect(estimateWaitMs(run())).toBe(100)
    expect(estimateWaitMs(run({ runsAhead: 4 }))).toBe(900)
    expect(estimateWaitMs(run({ runsAhead: 4, submitsAhead: 50, recentSubmitMs: [600_000] }))).toBe(900)
    expect(estimateWaitMs(run({ runsAhead: 4, runnersOnline: 3 }))).toBe(300)
  })

  it('falls back to a default grading time for a class with no history', () => {
    expect(estimateWaitMs(submit({ submitsAhead: 1, recentSubmitMs: [] }))).toBe(1.5 * DEFAULT_SUBMIT_MS)
    expect(estimateWaitMs(run({ runsAhead: 1, recentRunMs: [] }))).toBe(1.5 * DEFAULT_RUN_MS)
  })

  it('gives no estimate while no runner of the class is online', () => {
    expect(estimateWaitMs(submit({ runnersOnline: 0, submitsAhead: 2 }))).toBeNull()
    expect(estimateWaitMs(run({ runnersOnline: 0 }))).toBeNull()
  })
})

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeUndefined()
    expect(median([5])).toBe(5)
    expect(median([9, 1, 5])).toBe(5)
    expect(median([9, 1, 5, 3])).toBe(4)
  })
})
