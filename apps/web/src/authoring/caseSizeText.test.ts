import { describe, expect, it } from 'vitest'
import { caseSizeText, parseCaseSizeText } from './caseSizeText.ts'

describe('a perf case size in the metadata form', () => {
  it('reads a plain size and named parameters', () => {
    expect(parseCaseSizeText(' 1000 ')).toBe(1000)
    expect(parseCaseSizeText('n=2000000, w=1000')).toEqual({ n: 2_000_000, w: 1000 })
    expect(parseCaseSizeText('rows: 1024,cols : 2048')).toEqual({ rows: 1024, cols: 2048 })
    expect(parseCaseSizeText('skew=1.5')).toEqual({ skew: 1.5 })
  })

  it('leaves text that means no size as it is, for the schema to name the problem', () => {
    expect(parseCaseSizeText('n=')).toBe('n=')
    expect(parseCaseSizeText('n=10, ')).toBe('n=10, ')
    expect(parseCaseSizeText('2 million')).toBe('2 million')
    expect(parseCaseSizeText('  ')).toBeUndefined()
  })

  it('writes back what it reads', () => {
    for (const text of ['1000', 'n=2000000, w=1000']) expect(caseSizeText(parseCaseSizeText(text))).toBe(text)
    expect(caseSizeText(undefined)).toBe('')
  })
})
