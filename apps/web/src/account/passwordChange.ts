/** What the change-password form holds. */
export interface PasswordChangeValues {
  current: string
  next: string
  confirm: string
}

export type PasswordChangeField = keyof PasswordChangeValues

/** The i18n key (under `account.`) of what is wrong with a field, before the server is asked. */
export type PasswordChangeProblem = 'missingCurrent' | 'tooShort' | 'mismatch' | 'sameAsCurrent'

/** The server's minimum (apps/server auth/passwordStrength.ts); its strength check answers the rest. */
export const MIN_PASSWORD_LENGTH = 8

/**
 * What the form can say at once, per field: the server's zxcvbn check and the current password's
 * check come back from the server with their own messages.
 */
export function passwordChangeProblems(
  values: PasswordChangeValues,
): Partial<Record<PasswordChangeField, PasswordChangeProblem>> {
  const problems: Partial<Record<PasswordChangeField, PasswordChangeProblem>> = {}
  if (values.current.length === 0) problems.current = 'missingCurrent'
  if ([...values.next].length < MIN_PASSWORD_LENGTH) problems.next = 'tooShort'
  else if (values.next === values.current) problems.next = 'sameAsCurrent'
  if (values.confirm !== values.next) problems.confirm = 'mismatch'
  return problems
}
