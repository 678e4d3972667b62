// The stored result of a grading holds the hidden-detail rule whoever built it (issue 15, point 2): a
// runner of an older version that quotes a hidden run's message, console output or output excerpt is
// stored without them; sample rows are stored whole.
import type { GradeResult } from '@arena/grader'
import type { GradeJobPayload, JobInfo } from '@arena/queue'
import { describe, expect, it } from 'vitest'
import { storedOutcome } from './storedOutcome.ts'

const SECRET = Array.from({ length: 40 }, (_, i) => 7919 * (i + 3)).join(',')

const leaky: GradeResult = {
  version: 1,
  challenge: 'fixture/sum-array',
  packHash: 'h',
  mode: 'full',
  status: 'RuntimeError',
  message: `Error: ${SECRET} (line 3, column 11) — on hidden test "thousand".`,
  location: { line: 3, column: 11 },
  tests: [
    {
      name: 'three numbers',
      kind: 'sample',
      status: 'Accepted',
      input: '[1, 2, 3]',
      output: 'sample says hi',
    },
    {
      name: 'thousand',
      kind: 'hidden',
      status: 'RuntimeError',
      message: `Error: ${SECRET}`,
      output: SECRET,
      actual: SECRET,
    },
  ],
  runner: { class: 'cpu', host: 'old-runner' },
  durationMs: 5,
}

function job(result: GradeResult): JobInfo<GradeJobPayload, GradeResult> {
  const at = new Date()
  return {
    id: 'grade-1',
    runnerClass: 'cpu',
    payload: {} as GradeJobPayload,
    state: 'completed',
    attempt: 1,
    maxAttempts: 3,
    owner: null,
    enqueuedAt: at,
    claimedAt: at,
    finishedAt: at,
    result,
    error: null,
    group: '',
  }
}

describe('storedOutcome', () => {
  it("stores nothing of a hidden run's text from an older runner; samples whole", () => {
    const stored = storedOutcome(job(leaky), 'cpu')
    expect(JSON.stringify(stored)).not.toContain(SECRET.slice(0, 30))
    expect(stored.verdict).toBe('RuntimeError')
    expect(stored.message).toBe('Runtime error (Error) on hidden test "thousand".')
    expect(stored.location).toEqual({ line: 3, column: 11 })
    expect(stored.tests[0]).toMatchObject({ kind: 'sample', input: '[1, 2, 3]', output: 'sample says hi' })
    expect(stored.tests[1]).toMatchObject({ kind: 'hidden', output: null, actual: null, input: null })
  })
})
