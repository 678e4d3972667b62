// The hints panel shows each hint's XP cost before it is opened, the text only of opened ones, and
// only the next hint as openable (issue 18.2). The view is fed the server's HintsView type.
import i18n from 'i18next'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { initReactI18next } from 'react-i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import type { HintsView } from '../api/types.ts'
import { en } from '../i18n/en.ts'
import { ko } from '../i18n/ko.ts'
import { HintsPanelView } from './HintsPanel.tsx'

beforeAll(async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    interpolation: { escapeValue: false },
  })
})

const panel = (view: HintsView) =>
  renderToStaticMarkup(createElement(HintsPanelView, { view, opening: false, error: null, onOpen: () => {} }))

describe('HintsPanelView', () => {
  const view: HintsView = {
    challengeId: 'core/column-sums',
    xp: 120,
    hints: [
      {
        index: 0,
        cost: 10,
        opened: true,
        text: 'Read the matrix **in memory order**.',
        text_ko: '메모리 순서대로 읽으세요.',
      },
      { index: 1, cost: 10 },
      { index: 2, cost: 33 },
    ],
  }

  it('shows the opened text, the cost of the next hint on its button, and the last one as locked', async () => {
    const html = panel(view)
    expect(html).toContain('<strong>in memory order</strong>')
    expect(html).toContain('Open hint 2 (costs 10 XP)')
    expect(html).toContain('Hint 3 opens after hint 2 (33 XP)')
    expect(html).not.toContain('Open hint 3')
    await i18n.changeLanguage('ko')
    const korean = panel(view)
    expect(korean).toContain('메모리 순서대로 읽으세요.')
    expect(korean).toContain('힌트 2 열기 (10 XP)')
    await i18n.changeLanguage('en')
  })

  it('asks a visitor to log in instead of offering to open', () => {
    const html = panel({
      ...view,
      xp: null,
      hints: [
        { index: 0, cost: 10 },
        { index: 1, cost: 10 },
      ],
    })
    expect(html).toContain('Log in to open hint 1 (10 XP).')
    expect(html).not.toContain('<button')
  })
})
