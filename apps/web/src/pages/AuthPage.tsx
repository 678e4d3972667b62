import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { User } from '../api/types.ts'
import { currentLanguage, hasStoredLanguage, setLanguage } from '../i18n/i18n.ts'
import { Logo } from '../layout/Logo.tsx'
import { useMe } from '../layout/useMe.ts'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'

const MIN_PASSWORD = 8

/** The server's rule (apps/server api/inputs.ts), checked here too so the form can say it at once. */
function validUsername(name: string): boolean {
  const length = [...name.normalize('NFC')].length
  return length >= 3 && length <= 32 && name.trim() === name && !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name)
}

/** Only paths on this site: `?next=//evil.example` must not redirect away. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/'
}

export function AuthPage({ mode }: { mode: 'login' | 'signup' }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const me = useMe()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [touched, setTouched] = useState(false)
  const usernameId = useId()
  const passwordId = useId()

  const onSuccess = (user: User) => {
    queryClient.clear()
    queryClient.setQueryData(trpc.auth.me.queryKey(), user)
    if (!hasStoredLanguage()) setLanguage(user.locale)
    void navigate(next, { replace: true })
  }
  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess }))
  const signup = useMutation(trpc.auth.signup.mutationOptions({ onSuccess }))
  const mutation = mode === 'login' ? login : signup

  if (me.data) return <Navigate to={next} replace />

  const usernameError =
    mode === 'signup' && touched && !validUsername(username) ? t('auth.invalidUsername') : undefined
  const passwordError =
    mode === 'signup' && touched && password.length < MIN_PASSWORD ? t('auth.invalidPassword') : undefined

  function submit(event: FormEvent) {
    event.preventDefault()
    setTouched(true)
    if (mode === 'signup') {
      if (!validUsername(username) || password.length < MIN_PASSWORD) return
      signup.mutate({ username, password, locale: currentLanguage() })
    } else {
      if (username.length === 0 || password.length === 0) return
      login.mutate({ username, password })
    }
  }

  return (
    <div className="auth">
      <div className="auth__intro">
        <Logo />
        <h1>{t('app.name')}</h1>
        <p>{t('app.tagline')}</p>
      </div>
      <form className="card auth__card" onSubmit={submit} noValidate>
        <h2>{mode === 'login' ? t('auth.loginTitle') : t('auth.signupTitle')}</h2>
        <p className="muted">{mode === 'login' ? t('auth.loginSubtitle') : t('auth.signupSubtitle')}</p>
        <div className="field">
          <label htmlFor={usernameId}>{t('auth.username')}</label>
          <input
            id={usernameId}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            aria-invalid={usernameError !== undefined}
            aria-describedby={`${usernameId}-hint`}
          />
          <span id={`${usernameId}-hint`} className={usernameError ? 'field__error' : 'field__hint'}>
            {usernameError ?? (mode === 'signup' ? t('auth.usernameHint') : '')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t('auth.password')}</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={passwordError !== undefined}
            aria-describedby={`${passwordId}-hint`}
          />
          <span id={`${passwordId}-hint`} className={passwordError ? 'field__error' : 'field__hint'}>
            {passwordError ?? (mode === 'signup' ? t('auth.passwordHint') : '')}
          </span>
        </div>
        {mutation.isError && <ErrorNotice error={mutation.error} />}
        <button type="submit" className="btn btn--primary btn--block" disabled={mutation.isPending}>
          {mutation.isPending ? t('auth.working') : mode === 'login' ? t('auth.login') : t('auth.signup')}
        </button>
        <p className="auth__switch">
          <Link
            to={`${mode === 'login' ? '/signup' : '/login'}${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`}
          >
            {mode === 'login' ? t('auth.toSignup') : t('auth.toLogin')}
          </Link>
        </p>
      </form>
    </div>
  )
}
