import { expect, it } from 'vitest'
import { needsPerfTrial, parseExpectHeader, skipsLesson } from './parseExpectHeader.ts'

it('reads the verdict on the first line', () => {
  expect(parseExpectHeader('// @expect TimeLimit\nexport function solve() {}')).toEqual({
    ok: true,
    expect: 'TimeLimit',
  })
  expect(parseExpectHeader('//@expect  MemoryLimit  \r\n')).toEqual({ ok: true, expect: 'MemoryLimit' })
})

it('expects any verdict but Accepted without a header', () => {
  expect(parseExpectHeader('export function solve() {}')).toEqual({ ok: true, expect: null })
  expect(parseExpectHeader('')).toEqual({ ok: true, expect: null })
})

it('rejects unknown, missing and Accepted verdicts', () => {
  expect(parseExpectHeader('// @expect Wrong')).toMatchObject({
    ok: false,
    message: expect.stringContaining('unknown verdict "Wrong"'),
  })
  expect(parseExpectHeader('// @expect')).toMatchObject({
    ok: false,
    message: expect.stringContaining('missing verdict'),
  })
  expect(parseExpectHeader('// @expect Accepted')).toMatchObject({ ok: false, line: 1 })
})

it('rejects a header that is not on the first line', () => {
  expect(parseExpectHeader('// a note\n// @expect WrongAnswer\n')).toEqual({
    ok: false,
    message: '`// @expect <Verdict>` must be the first line',
    line: 2,
  })
})

it('reads the @skips-lesson mark from the leading comment lines only', () => {
  expect(
    skipsLesson(
      '// @expect WrongAnswer\n// @skips-lesson: class means, no training\nexport function solve() {}',
    ),
  ).toBe(true)
  expect(skipsLesson('// @expect WrongAnswer\n// Skips the lesson (@skips-lesson): no engine\n')).toBe(true)
  expect(
    skipsLesson('// @expect WrongAnswer\n// trains on a third\nexport function solve() {}\n// @skips-lesson'),
  ).toBe(false)
  expect(skipsLesson('// @expect WrongAnswer\n// @skips-lessons')).toBe(false)
})

it('reads the @perf-trial mark from the leading comment lines only', () => {
  expect(
    needsPerfTrial('// @expect RuntimeError\n// @skips-lesson @perf-trial\nexport function solve() {}'),
  ).toBe(true)
  expect(needsPerfTrial('// @expect RuntimeError\nexport function solve() {}\n// @perf-trial')).toBe(false)
  expect(needsPerfTrial('// @expect RuntimeError\n// @perf-trials')).toBe(false)
})
