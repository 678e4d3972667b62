import path from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPack } from '../load/loadPack.ts'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { tempRoot } from '../testing/tempRoot.ts'
import type { Challenge } from '../types.ts'
import { challengeDts } from './challengeDts.ts'

/** Compiles the .d.ts with a solution the way an editor would: no Node types, no DOM. */
function diagnostics(dts: string, solution: string, lib = ['lib.es2023.d.ts']): string[] {
  const files = new Map([
    ['/learner.d.ts', dts],
    ['/solution.ts', solution],
  ])
  const options: ts.CompilerOptions = { strict: true, noEmit: true, lib, types: [] }
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

let root: Awaited<ReturnType<typeof tempRoot>>
let challenge: Challenge

beforeAll(async () => {
  root = await tempRoot()
  await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  challenge = (await loadPack(path.join(root.dir, 'demo'))).challenges[0]!
})
afterAll(() => root.cleanup())

describe('challengeDts', () => {
  it("is accepted by TypeScript together with the challenge's reference", () => {
    expect(diagnostics(challengeDts(challenge), challenge.sources.reference)).toEqual([])
  })

  it('makes the signature types usable without an import', () => {
    const solution = 'export function solve(values: Input): number { console.log(values.length); return 0 }'
    expect(diagnostics(challengeDts(challenge), solution)).toEqual([])
    expect(diagnostics(challengeDts(challenge), 'const x: Missing = 1')).toEqual([
      "Cannot find name 'Missing'.",
    ])
  })

  it('has one module per granted engine: typed where @arena/engines has types, else a placeholder', () => {
    // Every engine of ENGINES is typed now; a name without declarations still gets a placeholder.
    const untyped = 'future' as unknown as 'disk'
    const dts = challengeDts({
      id: challenge.id,
      config: { ...challenge.config, engines: ['disk', 'gpu', 'mapreduce', untyped] },
    })
    expect(dts).toContain("declare module 'arena:future' {}")
    expect(dts).toMatch(/\/\/ --- engine: future ---\n\/\/ Placeholder/)
    expect(dts).toContain("declare module 'arena:disk' {")
    expect(dts).toContain("declare module 'arena:gpu' {")
    expect(dts).toContain('export const gpu: Gpu')
    expect(dts).toContain("declare module 'arena:mapreduce' {")
    expect(dts).toContain('export const mapreduce: MapReduce')
    expect(diagnostics(dts, challenge.sources.reference)).toEqual([])
  })

  it('types learner code that uses arena:disk, and rejects misuse', () => {
    const dts = challengeDts({ id: challenge.id, config: { ...challenge.config, engines: ['disk'] } })
    const good = [
      "import { disk, DiskError } from 'arena:disk'",
      'export function solve(values: Input): number {',
      "  const file = disk.create('out.bin')",
      '  file.append(new Float64Array(4))',
      '  const back = new Float64Array(4)',
      '  const n = file.read(back, 0)',
      '  file.close()',
      "  try { disk.delete('x') } catch (e) { if (e instanceof DiskError) return -1 }",
      '  return n + disk.usage().quota + disk.list().length',
      '}',
    ].join('\n')
    expect(diagnostics(dts, good)).toEqual([])
    const bad =
      "import { disk } from 'arena:disk'\nexport function solve(values: Input): number { return disk.open(1) }"
    expect(diagnostics(dts, bad).length).toBeGreaterThan(0)
  })

  it("merges with the DOM's console instead of clashing with it (editors often load lib.dom)", () => {
    const solution = 'export function solve(values: Input): number { console.log(values); return 0 }'
    expect(diagnostics(challengeDts(challenge), solution, ['lib.es2023.d.ts', 'lib.dom.d.ts'])).toEqual([])
  })
})
