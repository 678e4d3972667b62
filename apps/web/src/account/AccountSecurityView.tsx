import { type FormEvent, useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { PasswordChangeField, PasswordChangeProblem, PasswordChangeValues } from './passwordChange.ts'

export interface AccountSecurityViewProps {
  values: PasswordChangeValues
  /** Shown once the form was submitted. */
  problems: Partial<Record<PasswordChangeField, PasswordChangeProblem>>
  /** The server's answer to a refused change (a weak password, a wrong current one), as it wrote it. */
  serverError: string | null
  changing: boolean
  changed: boolean
  confirmingEverywhere: boolean
  signingOutEverywhere: boolean
  everywhereError: string | null
  onChange(field: PasswordChangeField, value: string): void
  onSubmit(): void
  onAskEverywhere(): void
  onConfirmEverywhere(): void
  onCancelEverywhere(): void
}

/**
 * Account security on the profile page: change the password (current, new, new again) and sign out
 * everywhere (asked twice). Plain form controls with their labels, hints and errors tied to them,
 * so it works with the keyboard and a screen reader; no state of its own (AccountSecurity holds it).
 */
export function AccountSecurityView(props: AccountSecurityViewProps) {
  const { t } = useTranslation()
  const id = useId()
  const fields: { field: PasswordChangeField; label: string; autoComplete: string; hint?: string }[] = [
    { field: 'current', label: t('account.currentPassword'), autoComplete: 'current-password' },
    {
      field: 'next',
      label: t('account.newPassword'),
      autoComplete: 'new-password',
      hint: t('account.newPasswordHint'),
    },
    { field: 'confirm', label: t('account.confirmPassword'), autoComplete: 'new-password' },
  ]
  const submit = (event: FormEvent) => {
    event.preventDefault()
    props.onSubmit()
  }
  return (
    <section className="card section-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('account.title')}</h2>
      <p className="muted">{t('account.intro')}</p>
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-change`}>
        <h3 id={`${id}-change`}>{t('account.changePassword')}</h3>
        {fields.map(({ field, label, autoComplete, hint }) => {
          const problem = props.problems[field]
          const described = [hint && `${id}-${field}-hint`, problem && `${id}-${field}-error`].filter(Boolean)
          return (
            <div className="field" key={field}>
              <label htmlFor={`${id}-${field}`}>{label}</label>
              <input
                id={`${id}-${field}`}
                name={field}
                type="password"
                autoComplete={autoComplete}
                value={props.values[field]}
                onChange={(event) => props.onChange(field, event.target.value)}
                aria-invalid={problem ? true : undefined}
                aria-describedby={described.length > 0 ? described.join(' ') : undefined}
                required
              />
              {hint && (
                <p id={`${id}-${field}-hint`} className="field__hint muted">
                  {hint}
                </p>
              )}
              {problem && (
                <p id={`${id}-${field}-error`} className="field__error">
                  {t(`account.${problem}`)}
                </p>
              )}
            </div>
          )
        })}
        <button type="submit" className="btn btn--primary" disabled={props.changing}>
          {t('account.change')}
        </button>
        {props.serverError && (
          <p className="notice notice--error" role="alert">
            {props.serverError}
          </p>
        )}
        {props.changed && <p role="status">{t('account.changed')}</p>}
      </form>
      <section aria-labelledby={`${id}-everywhere`}>
        <h3 id={`${id}-everywhere`}>{t('account.everywhereTitle')}</h3>
        <p className="muted">{t('account.everywhereHint')}</p>
        {props.confirmingEverywhere ? (
          <div className="inline-form">
            <button
              type="button"
              className="btn btn--primary"
              onClick={props.onConfirmEverywhere}
              disabled={props.signingOutEverywhere}
            >
              {t('account.confirmEverywhere')}
            </button>
            <button type="button" className="btn" onClick={props.onCancelEverywhere}>
              {t('account.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" className="btn" onClick={props.onAskEverywhere}>
            {t('account.everywhere')}
          </button>
        )}
        {props.everywhereError && (
          <p className="notice notice--error" role="alert">
            {props.everywhereError}
          </p>
        )}
      </section>
    </section>
  )
}
