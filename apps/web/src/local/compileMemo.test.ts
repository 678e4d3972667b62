import { describe, expect, it } from 'vitest'
import { CompileMemo, compileKey } from './compileMemo.ts'

describe('CompileMemo', () => {
  it('gives back the compile of the same text, entry and engines, and only the last one started', async () => {
    const memo = new CompileMemo<string>()
    const first = memo.remember(compileKey('a', 'solve', []), Promise.resolve('A'))
    expect(memo.recall(compileKey('a', 'solve', []))).toBe(first)
    expect(memo.recall(compileKey('a', 'solve', ['pool']))).toBeUndefined()
    expect(memo.recall(compileKey('a', 'main', []))).toBeUndefined()
    expect(memo.recall(compileKey('a ', 'solve', []))).toBeUndefined()
    memo.remember(compileKey('b', 'solve', []), Promise.resolve('B'))
    expect(memo.recall(compileKey('a', 'solve', []))).toBeUndefined()
    expect(await memo.recall(compileKey('b', 'solve', []))).toBe('B')
  })

  it('forgets a compile that could not run, so the next Run compiles again', async () => {
    const memo = new CompileMemo<string>()
    const failed = memo.remember(compileKey('a', 'solve', []), Promise.reject(new Error('no esbuild')))
    await expect(failed).rejects.toThrow('no esbuild')
    expect(memo.recall(compileKey('a', 'solve', []))).toBeUndefined()
  })

  it('keeps a newer compile when an older one fails afterwards', async () => {
    const memo = new CompileMemo<string>()
    let fail: (error: Error) => void = () => undefined
    const older = memo.remember(
      'old',
      new Promise<string>((_, reject) => {
        fail = reject
      }),
    )
    const newer = memo.remember('new', Promise.resolve('N'))
    fail(new Error('late'))
    await expect(older).rejects.toThrow('late')
    expect(memo.recall('new')).toBe(newer)
  })
})
