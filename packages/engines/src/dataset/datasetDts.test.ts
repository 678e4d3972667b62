import ts from 'typescript'
import { expect, it } from 'vitest'
import { DATASET_DTS } from './datasetDts.ts'
import { newStageCounters } from './stageCounters.ts'

/** Type errors of a solution against `arena:dataset`, the way a learner's editor checks it: no Node, no DOM. */
function diagnostics(solution: string): string[] {
  const files = new Map([
    ['/dataset.d.ts', `declare module 'arena:dataset' {\n${DATASET_DTS}\n}\n`],
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

it('types learner code that uses arena:dataset: records flow through the transformations', () => {
  const solution = `import { dataset } from 'arena:dataset'
export async function solve(): Promise<number> {
  const names = dataset.broadcast({ a: 'Alpha' })
  const words = dataset.read('corpus.txt', { partitions: 8 }).flatMap((line) => line.split(' '))
  const counts = words.map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b, { partitions: 4 }).cache()
  const labelled = counts.map(([w, n], env) => [env.names.value[w as 'a'] ?? w, n] as const, { names })
  const rows = dataset.read('t.csv', { format: 'csv', header: true }).map((row) => Number(row.score))
  const top: [string, number][] = await counts.sortBy(([, n]) => -n, { partitions: 2 }).take(10)
  const means = counts.aggregateByKey([0, 0] as [number, number], (acc, n) => [acc[0] + n, acc[1] + 1] as [number, number], (x, y) => [x[0] + y[0], x[1] + y[1]] as [number, number])
  const joined = counts.join(dataset.fromArray<[string, string]>([['a', 'x']]))
  const grouped = counts.groupByKey().mapPartitions((groups) => groups.map(([k, vs]) => vs.length))
  const total = await rows.reduce((a, b) => a + b)
  const job = dataset.lastJob()
  return top.length + total + (await means.count()) + (await joined.count()) + (await grouped.count()) + (await labelled.count()) + (job?.stages[0]?.counters.shuffleWriteBytes ?? 0)
}`
  expect(diagnostics(solution)).toEqual([])
})

it('types the columnar and binary reads and the writes', () => {
  const solution = `import { dataset, type WriteResult } from 'arena:dataset'
export async function solve(): Promise<number> {
  const sales = dataset.read<{ day: number; price: number }>('sales.col', { format: 'columnar', columns: ['day', 'price'], where: [['day', 'between', 1, 7], ['price', '>', 10]] })
  const total = await sales.map((r) => r.price).reduce((a, b) => a + b)
  const points = dataset.read('p.bin', { format: 'binary', record: [['id', 'int32'], ['x', 'float64']] })
  const ids: WriteResult = await points.map((p) => String(p.id)).write('ids.txt')
  const json = await points.write('points.json', { format: 'json' })
  const col = await sales.write('out.col', { format: 'columnar', schema: [['day', 'int32'], ['price', 'float64']], rowGroupRows: 1000 })
  const job = dataset.lastJob()
  return total + ids.bytes + json.records + (col.rowGroups ?? 0) + (job?.stages[0]?.counters.rowGroupsSkipped ?? 0)
}`
  expect(diagnostics(solution)).toEqual([])
})

it('rejects misuse: reduceByKey on records that are not pairs, an unknown option, an action treated as a dataset', () => {
  expect(
    diagnostics(
      `import { dataset } from 'arena:dataset'\ndataset.fromArray([1, 2]).reduceByKey((a: number, b: number) => a + b)`,
    ),
  ).not.toEqual([])
  expect(
    diagnostics(`import { dataset } from 'arena:dataset'\ndataset.read('x', { format: 'xml' })`),
  ).not.toEqual([])
  expect(
    diagnostics(
      `import { dataset } from 'arena:dataset'\nvoid dataset.fromArray([1]).count().map((x: number) => x)`,
    ),
  ).not.toEqual([])
  expect(diagnostics(`import { dataset } from 'arena:dataset'\ndataset.size = 3`)).not.toEqual([])
  // Lines are strings; a predicate has an operator; a columnar write has a schema; binary needs its record.
  expect(
    diagnostics(`import { dataset } from 'arena:dataset'\nvoid dataset.fromArray([1]).write('a.txt')`),
  ).not.toEqual([])
  expect(
    diagnostics(
      `import { dataset } from 'arena:dataset'\ndataset.read('s.col', { format: 'columnar', where: [['day', '~', 1]] })`,
    ),
  ).not.toEqual([])
  expect(
    diagnostics(
      `import { dataset } from 'arena:dataset'\nvoid dataset.fromArray([{ a: 1 }]).write('a.col', { format: 'columnar' })`,
    ),
  ).not.toEqual([])
  expect(
    diagnostics(`import { dataset } from 'arena:dataset'\ndataset.read('p.bin', { format: 'binary' })`),
  ).not.toEqual([])
})

it('the declared StageCounters name exactly what the engine counts', () => {
  const declared = /interface StageCounters \{([\s\S]*?)\n {2}\}/.exec(DATASET_DTS)?.[1] ?? ''
  const names = [...declared.matchAll(/^\s*(\w+): number$/gm)].map((match) => match[1])
  expect(names.sort()).toEqual(Object.keys(newStageCounters(1)).sort())
})

it('every method of a dataset says what it costs', () => {
  const body = /export interface Dataset<T> \{([\s\S]*?)\n {2}\}/.exec(DATASET_DTS)?.[1] ?? ''
  const docs = [...body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)/g)].map((m) => [m[2], m[1]] as const)
  expect(docs.length).toBeGreaterThanOrEqual(20)
  for (const [method, doc] of docs) expect(doc, method).toMatch(/Narrow|Wide|Action|Keeps|Drops/)
})
