// The account security form without a browser: its rules, and its markup rendered to HTML in English
// and Korean (labels tied to inputs, password managers' autocomplete hints, errors announced).
import { createInstance } from 'i18next'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { en } from '../i18n/en.ts'
import { ko } from '../i18n/ko.ts'
import { AccountSecurityView, type AccountSecurityViewProps } from './AccountSecurityView.tsx'
import { passwordChangeProblems } from './passwordChange.ts'

async function render(language: 'en' | 'ko', props: Partial<AccountSecurityViewProps> = {}): Promise<string> {
  const i18n = createInstance()
  await i18n.use(initReactI18next).init({
    lng: language,
    resources: { en: { translation: en }, ko: { translation: ko } },
    interpolation: { escapeValue: false },
  })
  const view: AccountSecurityViewProps = {
    values: { current: '', next: '', confirm: '' },
    problems: {},
    serverError: null,
    changing: false,
    changed: false,
    confirmingEverywhere: false,
    signingOutEverywhere: false,
    everywhereError: null,
    onChange: () => {},
    onSubmit: () => {},
    onAskEverywhere: () => {},
    onConfirmEverywhere: () => {},
    onCancelEverywhere: () => {},
    ...props,
  }
  return renderToStaticMarkup(
    createElement(I18nextProvider, { i18n }, createElement(AccountSecurityView, view)),
  )
}

describe('the change-password form', () => {
  it('says at once what is missing or does not match', () => {
    expect(passwordChangeProblems({ current: '', next: 'short', confirm: 'other' })).toEqual({
      current: 'missingCurrent',
      next: 'tooShort',
      confirm: 'mismatch',
    })
    expect(
      passwordChangeProblems({
        current: 'same old words',
        next: 'same old words',
        confirm: 'same old words',
      }),
    ).toEqual({
      next: 'sameAsCurrent',
    })
    expect(
      passwordChangeProblems({
        current: 'old one here',
        next: 'velvet otter umbrella',
        confirm: 'velvet otter umbrella',
      }),
    ).toEqual({})
  })

  it('labels every field, with the autocomplete hints password managers use', async () => {
    const html = await render('en')
    const inputs = [...html.matchAll(/<input [^>]*>/g)].map((match) => match[0])
    expect(inputs).toHaveLength(3)
    for (const input of inputs) {
      const id = /id="([^"]+)"/.exec(input)?.[1]
      expect(html).toContain(`for="${id}"`)
      expect(input).toContain('type="password"')
    }
    expect(inputs.map((input) => /autoComplete="([^"]+)"/i.exec(input)?.[1])).toEqual([
      'current-password',
      'new-password',
      'new-password',
    ])
    expect(html).toContain('Change password')
    expect(html).toContain('Sign out everywhere')
    // Every button is a real button: reachable with Tab, pressed with Enter or Space.
    expect([...html.matchAll(/<button [^>]*type="(\w+)"/g)].map((match) => match[1])).toEqual([
      'submit',
      'button',
    ])
  })

  it('ties each error to its field and announces the server’s answer', async () => {
    const html = await render('en', {
      problems: { confirm: 'mismatch' },
      serverError: 'This password is too easy to guess: it is one of the ten most used passwords.',
    })
    const confirm = [...html.matchAll(/<input [^>]*>/g)].map((match) => match[0])[2] ?? ''
    const errorId = /aria-describedby="([^"]+)"/.exec(confirm)?.[1]
    expect(confirm).toContain('aria-invalid="true"')
    expect(html).toContain(`id="${errorId}" class="field__error">The two new passwords differ.`)
    expect(html).toMatch(/role="alert">This password is too easy to guess/)
  })

  it('asks before signing out everywhere, and speaks Korean', async () => {
    const html = await render('ko', { confirmingEverywhere: true, changed: true })
    expect(html).toContain('계정 보안')
    expect(html).toContain('현재 비밀번호')
    expect(html).toContain('네, 모든 기기에서 로그아웃할게요')
    expect(html).toContain('취소')
    expect(html).toMatch(/role="status">비밀번호를 바꿨어요/)
  })
})
