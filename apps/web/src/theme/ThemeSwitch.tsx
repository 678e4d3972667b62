import { useTranslation } from 'react-i18next'
import { chooseTheme, THEME_CHOICES, useTheme } from './theme.ts'

const ICONS = { system: '◐', light: '☀', dark: '☾' } as const

/** One button that steps through System, Light and Dark; its label says the choice and the next one. */
export function ThemeSwitch() {
  const { t } = useTranslation()
  const { choice } = useTheme()
  const next = THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length] ?? 'system'
  const label = t('theme.label', { choice: t(`theme.${choice}`), next: t(`theme.${next}`) })
  return (
    <button
      type="button"
      className="btn btn--ghost btn--small theme-switch"
      data-testid="theme-switch"
      data-choice={choice}
      aria-label={label}
      title={label}
      onClick={() => chooseTheme(next)}
    >
      <span aria-hidden="true">{ICONS[choice]}</span>
    </button>
  )
}
