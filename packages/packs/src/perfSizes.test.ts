import { describe, expect, it } from 'vitest'
import { perfSchema } from './schema.ts'

// Issue 19.11: a case's size is a whole number or named parameters, one shape per challenge.
function problems(perf: unknown): string[] {
  const parsed = perfSchema.safeParse(perf)
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

describe('perf sizes in challenge.yaml', () => {
  it('takes plain sizes and named parameters', () => {
    expect(problems({ cases: [{ name: 'small', size: 10 }], warmupSize: 2 })).toEqual([])
    const named = perfSchema.parse({
      cases: [
        { name: 'narrow', size: { n: 2_000_000, w: 10 } },
        { name: 'wide', size: { w: 1000, n: 2_000_000 } },
      ],
      warmupSize: { n: 1000, w: 10 },
    })
    expect(named.cases[1]?.size).toEqual({ n: 2_000_000, w: 1000 })
  })

  it('refuses sizes of different shapes, naming the field and both shapes', () => {
    expect(
      problems({
        cases: [
          { name: 'a', size: { n: 10, w: 2 } },
          { name: 'b', size: { n: 20 } },
          { name: 'c', size: 30 },
        ],
        warmupSize: { n: 5, w: 1 },
      }),
    ).toEqual([
      'cases.1.size: this size is { n } where the first size is { n, w }; every size of a challenge has the same shape',
      'cases.2.size: this size is a plain number where the first size is { n, w }; every size of a challenge has the same shape',
    ])
    expect(problems({ cases: [{ name: 'a', size: 10 }], warmupSize: { n: 1 } })).toEqual([
      'warmupSize: this size is { n } where the first size is a plain number; every size of a challenge has the same shape',
    ])
  })

  it('asks for plain sizes smallest first: the last case is taken as the largest', () => {
    expect(
      problems({
        cases: [
          { name: 'big', size: 1000 },
          { name: 'small', size: 10 },
        ],
        warmupSize: 1,
      }),
    ).toEqual(['cases.1.size: list the cases smallest first: 10 comes after 1000'])
  })

  it('refuses parameter names that tests.ts could not read as a property, empty and oversized sets', () => {
    expect(
      problems({ cases: [{ name: 'a', size: { 'rows-count': 10 } }], warmupSize: { 'rows-count': 1 } }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/a parameter name is a letter or _/)]))
    expect(problems({ cases: [{ name: 'a', size: {} }], warmupSize: {} })).toEqual(
      expect.arrayContaining([expect.stringMatching(/name at least one parameter/)]),
    )
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, i]))
    expect(problems({ cases: [{ name: 'a', size: nine }], warmupSize: nine })).toEqual(
      expect.arrayContaining([expect.stringMatching(/at most 8 parameters/)]),
    )
    expect(problems({ cases: [{ name: 'a', size: 0 }], warmupSize: 1 })).not.toEqual([])
  })
})
