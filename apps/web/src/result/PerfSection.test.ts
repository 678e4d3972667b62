// The report names each perf case's size under its name, named parameters included (issue 19.11),
// read from a real grading of matrix-transpose, whose sizes are `{ rows, cols }`.
import { readFileSync } from 'node:fs'
import { readGradeResult } from '@arena/grader/result'
import i18n from 'i18next'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { initReactI18next } from 'react-i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PerfResult } from '../api/types.ts'
import { en } from '../i18n/en.ts'
import { ko } from '../i18n/ko.ts'
import { PerfCaseTable } from './PerfSection.tsx'
import { timeOption } from './perfOptions.ts'

function recordedPerf(name: string): PerfResult {
  const file = new URL(`../../../../tests/fixtures/results/${name}.json`, import.meta.url)
  const read = readGradeResult(JSON.parse(readFileSync(file, 'utf8')))
  if (!read.ok || !read.result.perf) throw new Error(`the recorded ${name} result has no trial`)
  return read.result.perf
}

/** The size line under each case's name, in table order. */
function sizeLines(html: string): string[] {
  return [...html.matchAll(/data-testid="perf-case-size">(.*?)<\/span><\/th>/g)].map((match) =>
    (match[1] ?? '').replace(/<[^>]+>/g, ''),
  )
}

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  })
})

describe('perf case sizes in the report', () => {
  it('shows named parameters, digits grouped as the language groups them', async () => {
    const perf = recordedPerf('shape')
    const html = renderToStaticMarkup(createElement(PerfCaseTable, { perf }))
    expect(sizeLines(html)).toEqual([
      'size rows = 1,024 · cols = 2,048',
      'size rows = 1,536 · cols = 3,072',
      'size rows = 2,048 · cols = 4,096',
    ])
    await i18n.changeLanguage('ko')
    expect(sizeLines(renderToStaticMarkup(createElement(PerfCaseTable, { perf })))[0]).toBe(
      '크기 rows = 1,024 · cols = 2,048',
    )
    await i18n.changeLanguage('en')
  })

  it('shows a plain size as a number', () => {
    const perf = recordedPerf('cpu')
    expect(sizeLines(renderToStaticMarkup(createElement(PerfCaseTable, { perf })))[0]).toBe('size 131,072')
  })

  it("puts the size in the time chart's tooltip", () => {
    const perf = recordedPerf('shape')
    const option = timeOption(perf.cases, {
      yours: 'Yours',
      reference: 'Reference',
      axis: 'ms',
      logAxis: 'ms (log)',
      sizeOf: (perfCase) => `size of ${perfCase.name}`,
    }) as { tooltip: { formatter: (items: { dataIndex: number }[]) => string } }
    expect(option.tooltip.formatter([{ dataIndex: 2 }])).toContain(
      '<b>2048x4096</b><br/>size of 2048x4096<br/>',
    )
  })
})
