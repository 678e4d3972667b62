// Instructor code is untrusted (issue 15, point 1): a pack's tests.ts runs only in a pack-code isolate
// of a sandbox child, with no Node, and limits of its own. Each planted attack ends in an InternalError
// naming the challenge and the function, never a crash and never the learner's verdict.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createGrader } from './createGrader.ts'
import type { PackLimits } from './packCode.ts'
import { type HostileAt, hostileTestsSource } from './testing/hostileTests.ts'
import { sumArrayChallenge } from './testing/sumArrayChallenge.ts'
import type { GradableChallenge, GradeMode } from './types.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'arena-hostile-pack-'))
const marker = path.join(dir, 'marker')
const grader = createGrader()
afterAll(async () => {
  await grader.close()
  rmSync(dir, { recursive: true, force: true })
})

let count = 0
/** The sum-array fixture with this tests.ts, in a pack folder of its own. */
function challengeWith(testsSource: string, packLimits?: PackLimits['packLimits']): GradableChallenge {
  const folder = path.join(dir, 'pack', `hostile-${++count}`)
  mkdirSync(folder, { recursive: true })
  writeFileSync(path.join(folder, 'tests.ts'), testsSource)
  return {
    ...sumArrayChallenge(),
    id: 'test/hostile',
    testsFile: path.join(folder, 'tests.ts'),
    packLimits,
  } as GradableChallenge
}

function gradeReference(challenge: GradableChallenge, mode: GradeMode = 'tests') {
  return grader.grade({ challenge, source: challenge.referenceSource, mode, secretSeed: 1 })
}

const hostile = (at: HostileAt) => challengeWith(hostileTestsSource({ marker, at }))
const fault = (what: string, reason: RegExp | string) =>
  new RegExp(
    `The challenge "test/hostile"'s ${what} failed: ${typeof reason === 'string' ? reason : reason.source}\\. This is a fault of the challenge, not a verdict on your code\\.`,
  )

describe('an honest tests.ts in the pack-code isolate', () => {
  it('has what tests.ts files use: TextEncoder, a streaming TextDecoder, console (silent), the authoring API', async () => {
    const honest =
      challengeWith(`import { createRng, defineTests, excerpt, fail } from '@arena/grader/authoring'
export default defineTests<Float64Array, number>({
  generate(seed, size) {
    const bytes = new TextEncoder().encode('héllo wörld ✓ '.repeat(size))
    const decoder = new TextDecoder()
    let text = ''
    // Three bytes at a time: characters split across chunks come out whole.
    for (let i = 0; i < bytes.length; i += 3) text += decoder.decode(bytes.subarray(i, i + 3), { stream: true })
    text += decoder.decode()
    console.log('generated', excerpt(text))
    const rng = createRng(seed)
    return Float64Array.from(text, (char) => (char.codePointAt(0) as number) + rng.int(0, 0))
  },
  check(input, output) {
    let expected = 0
    for (const value of input) expected += value
    return output === expected || fail('wrong sum')
  },
  samples: [{ name: 'two', seed: 1, size: 2 }],
  hidden: [{ name: 'many', seed: 2, size: 5000 }],
})
`)
    const result = await gradeReference(honest)
    expect(result.status).toBe('Accepted')
    expect(result.tests.map((test) => test.status)).toEqual(['Accepted', 'Accepted'])
  })
})

describe("the pack isolate's text codecs", () => {
  it('code as Node does, ASCII here and the rest on the host, streams, BOMs and fatal errors included', async () => {
    // ASCII is coded inside the isolate (a host call per short string cost a check 14 s on 500,000
    // rows); anything else, a stream's pending bytes, a BOM and a fatal decoder's errors go to the host.
    const cases: [string, number[], boolean?][] = [
      ['ascii', [104, 105, 33]],
      ['empty', []],
      ['bom', [0xef, 0xbb, 0xbf, 97]],
      ['accents', [104, 0xc3, 0xa9, 108]],
      ['invalid', [97, 0xff, 98]],
      ['invalid-fatal', [97, 0xff, 98], true],
    ]
    const expected = cases.map(([, bytes, fatal]) => {
      try {
        return new TextDecoder('utf-8', { fatal }).decode(new Uint8Array(bytes))
      } catch (error) {
        return `throws ${(error as Error).name}`
      }
    })
    const probe = challengeWith(`import { defineTests, fail } from '@arena/grader/authoring'
const CASES = ${JSON.stringify(cases)}
const EXPECTED = ${JSON.stringify(expected)}
export default defineTests<number[], number>({
  generate(seed, size) {
    const decoded = CASES.map(([, bytes, fatal]) => {
      try { return new TextDecoder('utf-8', { fatal }).decode(new Uint8Array(bytes)) }
      catch (error) { return 'throws ' + error.name }
    })
    if (JSON.stringify(decoded) !== JSON.stringify(EXPECTED)) throw new Error('decoded ' + JSON.stringify(decoded))
    // A stream split inside a character, then ASCII after it: the pending byte is not lost.
    const streamed = new TextDecoder()
    const parts = [streamed.decode(new Uint8Array([104, 0xc3]), { stream: true }), streamed.decode(new Uint8Array([0xa9, 33]))]
    if (parts.join('') !== 'hé!') throw new Error('streamed ' + JSON.stringify(parts))
    const encoder = new TextEncoder()
    for (const text of ['plain', '', 'é✓', 'x'.repeat(5000), '\u{1F600}'])
      if (new TextDecoder().decode(encoder.encode(text)) !== text) throw new Error('round trip ' + text.slice(0, 10))
    if (encoder.encode('é').length !== 2 || encoder.encode('abc').join() !== '97,98,99') throw new Error('encoded')
    // A decoder per row, as checks write them: each once held a host handle until the isolate ended,
    // and the 257th threw, failing a correct solution. Only an open stream holds one now.
    for (let row = 0; row < 1000; row++)
      if (new TextDecoder().decode(new Uint8Array([0xc3, 0xa9])) !== 'é') throw new Error('row ' + row)
    for (let file = 0; file < 300; file++) {
      const decoder = new TextDecoder()
      const text = decoder.decode(new Uint8Array([0xc3]), { stream: true }) + decoder.decode(new Uint8Array([0xa9]))
      if (text !== 'é') throw new Error('stream ' + file)
    }
    return Array.from({ length: size }, (_, i) => i + seed)
  },
  check(input, output) {
    return output === input.reduce((a, b) => a + b, 0) || fail('wrong sum')
  },
  samples: [{ name: 'codecs', seed: 1, size: 3 }],
  hidden: [],
})
`)
    const result = await gradeReference(probe)
    expect(result.status, result.tests[0]?.message ?? result.message).toBe('Accepted')
  })
})

describe('a hostile tests.ts in the grader', () => {
  it('reaches nothing of the host (process, require, node:fs, the env, fetch) at its top level, in generate, check and describe', async () => {
    const result = await gradeReference(hostile('nowhere'))
    expect(result.status).toBe('Accepted')
    // describe ran in the isolate and saw nothing: the sample shows its own text, not REACHED.
    expect(result.tests.map((test) => test.input)).toEqual(['3 numbers', '10 numbers', undefined, undefined])
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(existsSync(marker)).toBe(false)
  })

  it.each([
    ['top', 'tests.ts'],
    ['generate', 'generate'],
    ['check', 'check'],
    ['describe', 'describe'],
  ] as const)('reading process.env at %s: InternalError naming the challenge and %s', async (at, what) => {
    const result = await gradeReference(hostile(at))
    expect(result.status).toBe('InternalError')
    const message =
      at === 'top' ? result.message : result.tests.find((test) => test.status !== 'Accepted')?.message
    expect(message).toMatch(fault(what, 'ReferenceError: process is not defined'))
    expect(existsSync(marker)).toBe(false)
  })

  it('an endless check: InternalError at the pack code’s own time limit, then the next grading is normal', async () => {
    const endless = challengeWith(
      `import { defineTests } from '@arena/grader/authoring'
export default defineTests<number[], number>({
  generate: (seed) => [seed],
  check: () => { for (;;) {} },
  samples: [{ name: 'one', input: [1] }],
  hidden: [],
})
`,
      { wallMs: 1500 },
    )
    const result = await grader.grade({
      challenge: endless,
      source: 'export function solve() { return 1 }',
      mode: 'samples',
    })
    expect(result.status).toBe('InternalError')
    expect(result.tests[0]?.message).toMatch(fault('check', /it ran past its 1500 ms.*/))
    expect((await gradeReference(sumArrayChallenge())).status).toBe('Accepted')
  })

  it('a check that returns nothing (a path without return): InternalError naming check, not a verdict', async () => {
    const silent = challengeWith(
      `import { defineTests } from '@arena/grader/authoring'
export default defineTests<number[], number>({
  generate: (seed) => [seed],
  check: ((_input: number[], output: number) => { if (output !== 1) return true }) as never,
  samples: [{ name: 'one', input: [1] }],
  hidden: [],
})
`,
    )
    const result = await grader.grade({
      challenge: silent,
      source: 'export function solve() { return 1 }',
      mode: 'samples',
    })
    expect(result.status).toBe('InternalError')
    expect(result.tests[0]?.message).toMatch(
      fault(
        'check',
        'TypeError: it returned undefined, not true, pass\\(\\), fail\\(message\\) or a message',
      ),
    )
  })

  it('a check that leaves an endless chain of promise jobs: stopped by the watchdog, InternalError', async () => {
    const jobs = challengeWith(
      `import { defineTests } from '@arena/grader/authoring'
export default defineTests<number[], number>({
  generate: (seed) => [seed],
  check: () => { const spin = (): Promise<void> => Promise.resolve().then(spin); spin(); return true },
  samples: [{ name: 'one', input: [1] }],
  hidden: [],
})
`,
      { wallMs: 1500 },
    )
    const result = await grader.grade({
      challenge: jobs,
      source: 'export function solve() { return 1 }',
      mode: 'samples',
    })
    expect(result.status).toBe('InternalError')
    expect(result.tests[0]?.message).toMatch(/^The challenge "test\/hostile"'s check failed: /)
  })

  it('a memory bomb in generate: InternalError at the pack code’s memory limit, not a crash, then the next grading is normal', async () => {
    const bomb = challengeWith(
      `import { defineTests } from '@arena/grader/authoring'
export default defineTests<number[], number>({
  generate: () => { const kept: Float64Array[] = []; for (;;) kept.push(new Float64Array(1 << 20)) },
  check: () => true,
  samples: [{ name: 'bomb', seed: 1, size: 1 }],
  hidden: [],
})
`,
      { memoryMb: 64 },
    )
    const result = await grader.grade({
      challenge: bomb,
      source: 'export function solve() { return 1 }',
      mode: 'samples',
    })
    expect(result.status).toBe('InternalError')
    expect(result.tests[0]?.message).toMatch(fault('generate', 'it ran out of its 64 MB of memory'))
    expect((await gradeReference(sumArrayChallenge())).status).toBe('Accepted')
  })

  it('a generate that never ends on the performance trial’s size: InternalError, not the learner’s TimeLimit', async () => {
    const slowAtScale = challengeWith(
      `import { defineTests } from '@arena/grader/authoring'
export default defineTests<Float64Array, number>({
  generate(seed, size) {
    if (size > 100_000) for (;;) {}
    return new Float64Array(size).fill(seed % 3)
  },
  check: (input, output) => output === input.reduce((a, b) => a + b, 0) || 'wrong sum',
  samples: [{ name: 'small', seed: 1, size: 10 }],
  hidden: [],
})
`,
      { wallMs: 1500 },
    )
    const result = await gradeReference(slowAtScale, 'full')
    expect(result.status).toBe('InternalError')
    expect(result.message).toMatch(fault('generate', /it ran past its 1500 ms.*/))
  })

  it.each([
    ["import * as host from 'node:fs'", /cannot import "node:fs": pack code runs in a sandbox without Node/],
    ["import * as host from 'fs'", /cannot import "fs"/],
    ["import * as host from 'pure-rand'", /cannot import "pure-rand"/],
    ["import host from '../../../../../../etc/passwd'", /lies outside the pack's folder/],
  ])('`%s` fails at bundle time, naming the file, before any of it runs', async (line, why) => {
    const challenge = challengeWith(
      `${line}\nimport { defineTests } from '@arena/grader/authoring'\nvoid host\nexport default defineTests({ generate: () => 1, check: () => true, samples: [], hidden: [] })\n`,
    )
    const result = await gradeReference(challenge)
    expect(result.status).toBe('InternalError')
    expect(result.message).toMatch(
      /^The challenge's tests could not be loaded: Cannot build .*tests\.ts: .*tests\.ts:1: /,
    )
    expect(result.message).toMatch(why)
  })
})
