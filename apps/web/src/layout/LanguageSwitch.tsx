import { useMutation } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useTRPC } from '../api/trpc.ts'
import { LANGUAGES, type Language, setLanguage } from '../i18n/i18n.ts'
import { useMe } from './useMe.ts'

/** English / 한국어. Remembered in this browser, and on the account when logged in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const me = useMe()
  const remember = useMutation(trpc.auth.setLocale.mutationOptions())
  function choose(language: Language) {
    setLanguage(language)
    if (me.data && me.data.locale !== language) remember.mutate({ locale: language })
  }
  return (
    <fieldset className="segmented" aria-label={t('nav.language')}>
      <legend className="visually-hidden">{t('nav.language')}</legend>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="segmented__option"
          aria-pressed={i18n.resolvedLanguage === language}
          onClick={() => choose(language)}
        >
          {t(`languages.${language}`)}
        </button>
      ))}
    </fieldset>
  )
}
