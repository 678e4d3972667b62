// A queued submission shows its place and the estimated wait beside it, in English and Korean, rounded
// and marked as an estimate; with no runner of its class online it says that instead (issue 17.1).
import i18n from 'i18next'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { initReactI18next } from 'react-i18next'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../api/types.ts'
import { en } from '../i18n/en.ts'
import { ko } from '../i18n/ko.ts'
import { type QueuePlace, QueueStatus, roundedWait } from './QueueStatus.tsx'

const render = (place: QueuePlace) => renderToStaticMarkup(createElement(QueueStatus, { place }))
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  })
})
afterEach(() => i18n.changeLanguage('en'))

describe('QueueStatus', () => {
  it('shows the place and the estimate, rounded and marked approximate, from a live queued event', async () => {
    const event = {
      phase: 'queued',
      ahead: 3,
      runnersOnline: 1,
      runnerClass: 'cpu',
      waitEstimateMs: 41_700,
    } satisfies ProgressEvent
    const html = render(event)
    expect(text(html)).toBe('Waiting for a runner: 3 submissions ahead of yours… Estimated wait: about 40 s')
    expect(html).toContain('title="An estimate: the median time of recent gradings')
    await i18n.changeLanguage('ko')
    expect(text(render(event))).toBe('채점기를 기다리는 중: 앞에 제출 3개… 예상 대기 시간: 약 40초')
  })

  it('says "any moment now" under 5 s and counts minutes above one', async () => {
    expect(text(render({ ahead: 0, runnersOnline: 2, waitEstimateMs: 4_900 }))).toBe(
      'Waiting for a runner… Estimated wait: any moment now',
    )
    expect(text(render({ ahead: 9, runnersOnline: 1, waitEstimateMs: 150_000 }))).toContain(
      'Estimated wait: about 3 min',
    )
    await i18n.changeLanguage('ko')
    expect(text(render({ ahead: 0, runnersOnline: 2, waitEstimateMs: 100 }))).toContain('곧 시작됩니다')
    expect(text(render({ ahead: 9, runnersOnline: 1, waitEstimateMs: 150_000 }))).toContain('약 3분')
  })

  it('with no runner of the class online, says so and gives no estimate', async () => {
    const html = render({ ahead: 2, runnersOnline: 0, runnerClass: 'gpu', waitEstimateMs: null })
    expect(text(html)).toBe('Waiting for a GPU runner: none online. It is graded as soon as one starts.')
    expect(html).not.toContain('Estimated wait')
  })

  it('shows the place alone when the server has no estimate', () => {
    expect(text(render({ ahead: 1, waitEstimateMs: null }))).toBe(
      'Waiting for a runner: 1 submission ahead of yours…',
    )
  })
})

describe('roundedWait', () => {
  it('rounds to 5 s under a minute and to whole minutes above', () => {
    expect(roundedWait(0)).toEqual({ unit: 'soon' })
    expect(roundedWait(4_999)).toEqual({ unit: 'soon' })
    expect(roundedWait(5_000)).toEqual({ unit: 's', count: 5 })
    expect(roundedWait(6_400)).toEqual({ unit: 's', count: 5 })
    expect(roundedWait(38_000)).toEqual({ unit: 's', count: 40 })
    expect(roundedWait(57_400)).toEqual({ unit: 's', count: 55 })
    expect(roundedWait(58_000)).toEqual({ unit: 'min', count: 1 })
    expect(roundedWait(95_000)).toEqual({ unit: 'min', count: 2 })
    expect(roundedWait(20 * 60_000)).toEqual({ unit: 'min', count: 20 })
  })
})
