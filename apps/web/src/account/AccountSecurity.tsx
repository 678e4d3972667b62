import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { errorMessage } from '../api/errors.ts'
import { useTRPC } from '../api/trpc.ts'
import { AccountSecurityView } from './AccountSecurityView.tsx'
import {
  type PasswordChangeField,
  type PasswordChangeValues,
  passwordChangeProblems,
} from './passwordChange.ts'

const EMPTY: PasswordChangeValues = { current: '', next: '', confirm: '' }

/** Password change and "sign out everywhere", wired to auth.changePassword and auth.logoutEverywhere. */
export function AccountSecurity() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const [values, setValues] = useState(EMPTY)
  const [submitted, setSubmitted] = useState(false)
  const [confirmingEverywhere, setConfirmingEverywhere] = useState(false)
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: (user) => {
        // A new session (and CSRF token) came with the answer: the old ones are gone.
        queryClient.setQueryData(trpc.auth.me.queryKey(), user)
        setValues(EMPTY)
        setSubmitted(false)
      },
    }),
  )
  const everywhere = useMutation(
    trpc.auth.logoutEverywhere.mutationOptions({
      onSuccess: () => {
        queryClient.clear()
        queryClient.setQueryData(trpc.auth.me.queryKey(), null)
        void navigate('/login')
      },
    }),
  )
  const problems = passwordChangeProblems(values)
  return (
    <AccountSecurityView
      values={values}
      problems={submitted ? problems : {}}
      serverError={change.isError ? errorMessage(change.error, t) : null}
      changing={change.isPending}
      changed={change.isSuccess}
      confirmingEverywhere={confirmingEverywhere}
      signingOutEverywhere={everywhere.isPending}
      everywhereError={everywhere.isError ? errorMessage(everywhere.error, t) : null}
      onChange={(field: PasswordChangeField, value: string) => {
        change.reset()
        setValues((before) => ({ ...before, [field]: value }))
      }}
      onSubmit={() => {
        setSubmitted(true)
        if (Object.keys(problems).length > 0) return
        change.mutate({ currentPassword: values.current, newPassword: values.next })
      }}
      onAskEverywhere={() => setConfirmingEverywhere(true)}
      onConfirmEverywhere={() => everywhere.mutate()}
      onCancelEverywhere={() => setConfirmingEverywhere(false)}
    />
  )
}
