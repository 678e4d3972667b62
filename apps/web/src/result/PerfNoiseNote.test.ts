// The report says what the measurement could tell: a tier within the noise, a noisy mark, a cut-short
// trial (issue 16.4, 17.4), read from a recorded result with the trial's fields set.
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
import { PerfNoiseNote } from './PerfNoiseNote.tsx'

const note = (perf: PerfResult) => createElement(PerfNoiseNote, { perf })

function recordedPerf(): PerfResult {
  const file = new URL('../../../../tests/fixtures/results/cpu.json', import.meta.url)
  const read = readGradeResult(JSON.parse(readFileSync(file, 'utf8')))
  if (!read.ok || !read.result.perf) throw new Error('the recorded cpu result has no trial')
  return read.result.perf
}

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  })
})

describe('PerfNoiseNote', () => {
  it('says nothing for a measurement that settled its tier', () => {
    const { withinNoise: _w, noisy: _n, cutShort: _c, ...perf } = recordedPerf()
    expect(renderToStaticMarkup(note(perf))).toBe('')
  })

  it('says a tier was given within the noise, with the interval, and that the budget cut the trial', async () => {
    const perf: PerfResult = {
      ...recordedPerf(),
      tier: 'gold',
      interval: [0.91, 1.04],
      withinNoise: true,
      // Whatever the machine was like when the recording was made: this case is not the noisy mark.
      noisy: false,
      cutShort: true,
      budgetMs: 9000,
    }
    const html = renderToStaticMarkup(note(perf))
    expect(html).toContain('Gold within the measurement noise')
    expect(html).toContain('0.91–1.04×')
    expect(html).toContain('time budget (9 s)')
    expect(html).not.toContain('noisy-badge')
    await i18n.changeLanguage('ko')
    expect(renderToStaticMarkup(note(perf))).toContain('측정 오차 범위 안의')
    await i18n.changeLanguage('en')
  })

  it('shows the noisy mark', () => {
    const perf: PerfResult = { ...recordedPerf(), noisy: true, interval: [0.6, 1.6], withinNoise: true }
    const html = renderToStaticMarkup(note(perf))
    expect(html).toContain('data-testid="noisy-badge"')
    expect(html).toContain('Noisy measurement')
    expect(html).toContain('ratings leave it out')
  })

  it('says how high a too-wide interval was read, in both languages', async () => {
    const perf: PerfResult = {
      ...recordedPerf(),
      tier: 'silver',
      score: 0.47,
      interval: [0.33, 0.99],
      withinNoise: true,
      noisy: true,
    }
    const html = renderToStaticMarkup(note(perf))
    expect(html).toContain('Silver within the measurement noise')
    expect(html).toContain('read no higher than 0.54×')
    await i18n.changeLanguage('ko')
    expect(renderToStaticMarkup(note(perf))).toContain('0.54배까지만 인정')
    await i18n.changeLanguage('en')
  })

  it("says a second trial pooled the first one's rounds, in both languages", async () => {
    const recorded = recordedPerf()
    const { withinNoise: _w, noisy: _n, cutShort: _c, ...settled } = recorded
    const cases = recorded.cases.map((each, index) => ({
      ...each,
      rounds: 20,
      ...(index === 0 ? { carriedRounds: 8 } : {}),
    }))
    const perf: PerfResult = { ...settled, cases }
    const own = cases.length * 20 - 8
    const html = renderToStaticMarkup(note(perf))
    expect(html).toContain('data-testid="perf-noise-pooled"')
    expect(html).toContain(
      `its 8 rounds were pooled with the second trial’s ${own} (${cases.length * 20} in all)`,
    )
    await i18n.changeLanguage('ko')
    expect(renderToStaticMarkup(note(perf))).toContain('첫 시험의 8라운드를')
    await i18n.changeLanguage('en')
  })
})
