// The statement page shows each sample's input summary in the learner's language (issue 16, point 9):
// the Korean summary comes from the challenge's own tests.ts (`describe` returning msg), built by the
// pack inspector as the server imports the pack, never written by hand here.
import path from 'node:path'
import { createPackInspector } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import i18n from 'i18next'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { initReactI18next } from 'react-i18next'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Challenge } from '../api/types.ts'
import { en } from '../i18n/en.ts'
import { ko } from '../i18n/ko.ts'
import { Statement } from './Statement.tsx'

const inspector = createPackInspector()
let samples: Challenge['samples']

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  })
  const pack = await loadPack(path.resolve(import.meta.dirname, '../../../../challenges/core'))
  const challenge = pack.challenges.find((each) => each.id === 'column-sums')
  if (!challenge) throw new Error('no core/column-sums')
  samples = await inspector.sampleExcerpts(toGradable(pack, challenge))
}, 60_000)
afterAll(() => inspector.close())

function statementPage(): string {
  // Only what the statement reads; the rest of a challenge's detail is not on this part of the page.
  const challenge = {
    statement: '# Column sums',
    statement_ko: '# 열 합계',
    limits: { cpuMs: 1000, wallMs: 2000, memoryMb: 64, outputKb: 64 },
    samples,
    pack: { id: 'core', version: '1', label: '1', hash: 'h' },
  } as Challenge
  return renderToStaticMarkup(createElement(Statement, { challenge }))
}

describe('Statement samples', () => {
  it('shows the English summary in English and the Korean one in Korean', async () => {
    const first = samples[0]!
    expect(first.inputKo).toMatch(/[\uac00-\ud7a3]/)
    const asHtml = (text: string) =>
      text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    await i18n.changeLanguage('en')
    const english = statementPage()
    expect(english).toContain(asHtml(first.input))
    expect(english).not.toContain(asHtml(first.inputKo!))
    await i18n.changeLanguage('ko')
    const korean = statementPage()
    expect(korean).toContain(asHtml(first.inputKo!))
    expect(korean).not.toContain(asHtml(first.input))
  })
})
