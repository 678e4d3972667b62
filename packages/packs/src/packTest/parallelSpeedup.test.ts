import { expect, it } from 'vitest'
import { oneWorkerSource } from './parallelSpeedup.ts'

it('restricts a reference to one worker on the line of its pool import, keeping every other line', () => {
  const reference = "// header\nimport { pool } from 'arena:pool'\n\nexport const solve = () => pool.size\n"
  const restricted = oneWorkerSource(reference)
  expect(restricted?.split('\n')).toHaveLength(reference.split('\n').length)
  expect(restricted?.split('\n')[1]).toMatch(/^const pool = .*workers: 1 .*__arena_engines\.pool\.pool\)$/)
  expect(restricted?.split('\n')[3]).toBe('export const solve = () => pool.size')
})

it('leaves a reference that does not import pool plainly to the other method', () => {
  expect(oneWorkerSource("import { pool as p } from 'arena:pool'\n")).toBeUndefined()
  expect(oneWorkerSource('export const solve = () => 1\n')).toBeUndefined()
})
