import ts from 'typescript'
import { expect, it } from 'vitest'
import { POOL_DTS } from './poolDts.ts'

/** Type errors of a solution against `arena:pool`, the way a learner's editor checks it: no Node, no DOM. */
function diagnostics(solution: string): string[] {
  const files = new Map([
    ['/pool.d.ts', `declare module 'arena:pool' {\n${POOL_DTS}\n}\n`],
    ['/solution.ts', solution],
  ])
  const options: ts.CompilerOptions = { strict: true, noEmit: true, lib: ['lib.es2023.d.ts'], types: [] }
  const host = ts.createCompilerHost(options)
  const { getSourceFile } = host
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name)
    return text === undefined
      ? getSourceFile(name, language, ...rest)
      : ts.createSourceFile(name, text, language)
  }
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name)
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host })
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

it('types learner code that uses arena:pool', () => {
  const solution = `import { pool, type TaskInfo } from 'arena:pool'
export function sumChunk(chunk: Float64Array, info: TaskInfo): number { return chunk.length + info.offset + info.worker }
export async function solve(values: Float64Array): Promise<number> {
  const sums = await pool.mapArray<Float64Array, number>('sumChunk', values, 1024)
  const same = await pool.map<{ a: number }, number>('other', [{ a: 1 }], { workers: pool.size })
  return sums.reduce((a, b) => a + b, 0) + same.length
}`
  expect(diagnostics(solution)).toEqual([])
})

it('rejects misuse: a non-typed array for mapArray, a missing chunk length, an unknown option', () => {
  expect(diagnostics(`import { pool } from 'arena:pool'\nvoid pool.mapArray('f', [1, 2], 1)`)).not.toEqual([])
  expect(
    diagnostics(`import { pool } from 'arena:pool'\nvoid pool.mapArray('f', new Float64Array(2))`),
  ).not.toEqual([])
  expect(
    diagnostics(`import { pool } from 'arena:pool'\nvoid pool.map('f', [1], { threads: 4 })`),
  ).not.toEqual([])
  expect(diagnostics(`import { pool } from 'arena:pool'\npool.size = 8`)).not.toEqual([])
})
