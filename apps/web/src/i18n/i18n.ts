import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en.ts'
import { ko } from './ko.ts'

export const LANGUAGES = ['en', 'ko'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'arena.language'

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

function storedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isLanguage(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** Whether this browser has a remembered choice (else the account's language may apply). */
export function hasStoredLanguage(): boolean {
  return storedLanguage() !== undefined
}

/** The remembered choice, else the browser's preference. */
export function initialLanguage(): Language {
  return storedLanguage() ?? (navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en')
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en'
}

export function initI18n(): void {
  const lng = initialLanguage()
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng,
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show &amp; in the UI.
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  document.documentElement.lang = lng
}

export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language)
  document.documentElement.lang = language
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // Private mode: the choice lasts for this tab only.
  }
}
