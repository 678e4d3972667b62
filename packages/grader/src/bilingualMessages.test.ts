// Korean all the way (issue 16, point 9): a tests.ts may give its check messages and input summaries in
// English and Korean (`msg({ en, ko })`); a grading carries both (`message`/`messageKo`,
// `input`/`inputKo`) out of the pack-code isolate, and a hidden case's words stay hidden in both.
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { msg } from './authoring/index.ts'
import { createGrader } from './createGrader.ts'
import { gradeResultSchema } from './resultSchema.ts'
import { sumArrayChallenge } from './testing/sumArrayChallenge.ts'
import type { GradeMode } from './types.ts'

const grader = createGrader()
afterAll(() => grader.close())

const testsFile = fileURLToPath(new URL('./testing/bilingual-sum/tests.ts', import.meta.url))

function grade(source: string, mode: GradeMode = 'samples') {
  return grader.grade({ challenge: sumArrayChallenge({ testsFile }), source, mode, secretSeed: 1 })
}

describe('bilingual checker messages', () => {
  it('a wrong answer on a sample returns the message and the input in both languages', async () => {
    const result = await grade('export function solve(v: Float64Array): number { return v.length + 1 }')
    expect(gradeResultSchema.parse(result)).toEqual(result)
    expect(result.status).toBe('WrongAnswer')
    const row = result.tests.find((test) => test.name === 'three numbers')
    expect(row).toMatchObject({
      status: 'WrongAnswer',
      message: 'The sum is wrong.',
      messageKo: '합이 틀렸습니다.',
      input: '3 numbers',
      inputKo: '숫자 3개',
      expected: '6',
      actual: '4',
    })
    expect(result.message).toBe('The sum is wrong. — on sample test "three numbers".')
    expect(result.messageKo).toBe('합이 틀렸습니다. — 샘플 테스트 "three numbers"에서.')
  })

  it('a check that returns msg(...) itself fails with both texts', async () => {
    const result = await grade("export function solve(v: Float64Array): number { return 'x' as never }")
    expect(result.tests[0]).toMatchObject({
      status: 'WrongAnswer',
      message: 'Return a number.',
      messageKo: '숫자를 반환하세요.',
    })
  })

  it('a hidden case keeps its words to itself in Korean too', async () => {
    const result = await grade(
      'export function solve(v: Float64Array): number { let s = 0; for (const x of v) s += x; return v.length > 3 ? s + 1 : s }',
      'tests',
    )
    expect(result.status).toBe('WrongAnswer')
    const hidden = result.tests.find((test) => test.kind === 'hidden')
    expect(hidden?.messageKo).toBeUndefined()
    expect(hidden?.inputKo).toBeUndefined()
    expect(result.messageKo).toBeUndefined()
    expect(JSON.stringify(result)).not.toContain('합이')
  })

  it('msg() refuses a text without both languages', () => {
    expect(() => msg({ en: 'only English' } as never)).toThrow(/both texts/)
  })
})
