import { describe, expect, it } from 'vitest'
import { challengeSchema } from '../schema.ts'
import type { Challenge, WrongSolution } from '../types.ts'
import { lessonWarnings } from './lessonWarnings.ts'

function challenge(
  clock: string,
  wrong: Partial<WrongSolution>[] = [],
  slow = 0,
  pool?: { workers: number },
  editorial: string | null = 'editorial.md',
): Challenge {
  const config = challengeSchema.parse({
    id: 'skew',
    title: 'Skew',
    topic: 'mapreduce',
    difficulty: 'hard',
    xp: 1,
    clock,
    signature: 'function solve(values: Float64Array): number',
    limits: { cpuMs: 1000, wallMs: 1000, memoryMb: 64, ...(pool ? { workers: pool.workers } : {}) },
    ...(pool ? { engines: ['pool'] } : {}),
    perf: { warmupSize: 10, cases: [{ name: 'big', size: 1000 }] },
  })
  return {
    id: 'skew',
    config,
    dir: '/p/skew',
    files: {
      config: '',
      readme: '',
      starter: '',
      baseline: '',
      reference: '',
      tests: '',
      ...(editorial ? { editorial } : {}),
    },
    sources: { readme: '', starter: '', baseline: '', reference: '', tests: '' },
    wrongSolutions: wrong.map((w, i) => ({
      name: `w${i}`,
      file: `/p/skew/solutions/wrong/w${i}.ts`,
      source: '',
      expect: null,
      skipsLesson: false,
      perfTrial: false,
      ...w,
    })),
    slowSolutions: Array.from({ length: slow }, (_, i) => ({ name: `s${i}`, file: '', source: '' })),
  }
}

describe('lessonWarnings', () => {
  it('asks for a route around the lesson when no slow or @skips-lesson wrong solution exists', () => {
    expect(lessonWarnings(challenge('cpu', [{}]), 'p/skew')).toEqual([
      {
        challenge: 'skew',
        file: 'p/skew',
        message: expect.stringMatching(
          /^no route around the lesson is tested: .*solutions\/slow.*@skips-lesson/,
        ),
      },
    ])
    expect(lessonWarnings(challenge('cpu', [{ skipsLesson: true }]), 'p/skew')).toEqual([])
    expect(lessonWarnings(challenge('wall', [], 1), 'p/skew')).toEqual([])
    // A pool challenge on 2 workers: its one-worker reference is the route, measured as the speedup.
    expect(lessonWarnings(challenge('wall', [], 0, { workers: 2 }), 'p/skew')).toEqual([])
    expect(lessonWarnings(challenge('wall', [], 0, { workers: 1 }), 'p/skew')).toHaveLength(1)
  })

  it("flags a counter clock that leaves out part of the call's CPU, not one that counts it all", () => {
    expect(lessonWarnings(challenge('counter:jobsSlowestReduceNs', [], 1), 'p/skew')).toEqual([
      {
        challenge: 'skew',
        file: 'p/skew/challenge.yaml',
        message: expect.stringMatching(
          /^clock: counter:jobsSlowestReduceNs does not count all of the learner's CPU time of the call/,
        ),
      },
    ])
    expect(lessonWarnings(challenge('counter:criticalPathNs', [], 1), 'p/skew')).toEqual([])
    expect(lessonWarnings(challenge('counter:kernelAndCodeNs', [], 1), 'p/skew')).toEqual([])
    expect(lessonWarnings(challenge('counter:slowestReduceNs', [], 1), 'p/skew')).toEqual([])
    expect(lessonWarnings(challenge('counter:kernelNs', [], 1), 'p/skew')).toHaveLength(1)
  })

  it('asks for an editorial, which learners read after solving', () => {
    expect(lessonWarnings(challenge('cpu', [], 1, undefined, null), 'p/skew')).toEqual([
      {
        challenge: 'skew',
        file: 'p/skew/editorial.md',
        message: expect.stringMatching(/^no editorial: learners who solve the challenge/),
      },
    ])
  })
})
