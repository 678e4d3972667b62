import { describe, expect, it } from 'vitest'
import type { RowGroupMeta } from './columnarFile.ts'
import { checkWhere, groupExcluded, type Predicate } from './predicates.ts'

/** A row group whose one column holds values from min to max. */
const group = (min: number | string, max: number | string): RowGroupMeta => ({
  rows: 10,
  chunks: [{ offset: 4, bytes: 40, min, max }],
})
const columns = new Map([['x', 0]])
const skips = (p: Predicate, min: number | string, max: number | string) =>
  groupExcluded(group(min, max), [p], columns)

describe('predicate pushdown by min/max', () => {
  it('skips a group exactly when no value from min to max can pass, at the boundaries too', () => {
    // The group holds 10..20.
    expect([
      skips(['x', '=', 9], 10, 20),
      skips(['x', '=', 10], 10, 20),
      skips(['x', '=', 20], 10, 20),
      skips(['x', '=', 21], 10, 20),
    ]).toEqual([true, false, false, true])
    expect([skips(['x', '<', 10], 10, 20), skips(['x', '<', 10.5], 10, 20)]).toEqual([true, false])
    expect([skips(['x', '<=', 9.9], 10, 20), skips(['x', '<=', 10], 10, 20)]).toEqual([true, false])
    expect([skips(['x', '>', 20], 10, 20), skips(['x', '>', 19.9], 10, 20)]).toEqual([true, false])
    expect([skips(['x', '>=', 20.1], 10, 20), skips(['x', '>=', 20], 10, 20)]).toEqual([true, false])
    expect([
      skips(['x', 'between', 0, 9], 10, 20),
      skips(['x', 'between', 0, 10], 10, 20),
      skips(['x', 'between', 20, 30], 10, 20),
      skips(['x', 'between', 21, 30], 10, 20),
      skips(['x', 'between', 12, 14], 10, 20),
    ]).toEqual([true, false, false, true, false])
  })

  it('compares strings as JavaScript does, and needs only one predicate to rule a group out', () => {
    expect(skips(['x', '=', 'b'], 'c', 'f')).toBe(true)
    expect(skips(['x', 'between', 'd', 'e'], 'c', 'f')).toBe(false)
    const both = groupExcluded(
      group(10, 20),
      [
        ['x', '>', 0],
        ['x', '<', 5],
      ],
      columns,
    )
    expect(both).toBe(true)
  })

  it('refuses a where that is not a list of predicates, naming the one that is wrong', () => {
    expect(
      checkWhere([
        ['x', '=', 1],
        ['y', 'between', 1, 2],
      ]),
    ).toEqual([
      ['x', '=', 1],
      ['y', 'between', 1, 2],
    ])
    expect(checkWhere([['x', 'like', 1]])).toMatch(/^where: \["x","like",1\] is not a predicate/)
    expect(checkWhere([['x', 'between', 1]])).toMatch(/is not a predicate/)
    expect(checkWhere([['x', '=', Number.NaN]])).toMatch(/is not a predicate/)
    expect(checkWhere('x > 1')).toMatch(/^where must be an array/)
  })
})
