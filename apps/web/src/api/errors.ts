import type { TRPCClientErrorLike } from '@trpc/client'
import type { TFunction } from 'i18next'
import type { AppRouter } from './appRouter.ts'

type ErrorData = TRPCClientErrorLike<AppRouter>['data']
/** One validation issue as the server formats it (apps/server/src/trpc/init.ts). */
export type ServerIssue = NonNullable<NonNullable<ErrorData>['issues']>[number]

interface ErrorShape {
  message?: string
  data?: Partial<NonNullable<ErrorData>> | null
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {}
}

export function errorCode(error: unknown): string | undefined {
  return shape(error).data?.code ?? undefined
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === 'UNAUTHORIZED'
}

export function isNotFound(error: unknown): boolean {
  return errorCode(error) === 'NOT_FOUND'
}

/** True when the request never got an answer (offline, server down). */
export function isNetworkError(error: unknown): boolean {
  const { data, message } = shape(error)
  if (data) return false
  return (
    message !== undefined && /fetch|network|load failed|connection|ECONNREFUSED|Unexpected end/i.test(message)
  )
}

function issuesOf(error: unknown): ServerIssue[] {
  const issues = shape(error).data?.issues
  return Array.isArray(issues) ? issues : []
}

// `perf.cases.2.size` -> `perf_cases_size`: one i18n key for every case of a list.
function fieldKey(path: string): string {
  return path
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join('_')
}

/**
 * One issue in the reader's language. A field with a rule of its own (`errors.rules.<router>.<field>`,
 * e.g. the invite code of `group.join`) is described by that rule; any other issue by zod's issue code
 * and bounds, naming the field (`errors.field.<field>`, or its path as written in the file).
 */
export function issueText(issue: ServerIssue, t: TFunction, procedure?: string): string {
  const key = fieldKey(issue.path)
  const scope = procedure?.split('.')[0]
  const dynamic = t as unknown as (keys: string | string[], options?: Record<string, unknown>) => string
  const exists = (name: string) => dynamic(name, { defaultValue: '\u0000' }) !== '\u0000'
  if (scope && key && exists(`errors.rules.${scope}.${key}`)) return dynamic(`errors.rules.${scope}.${key}`)
  const field = key && exists(`errors.field.${key}`) ? dynamic(`errors.field.${key}`) : issue.path
  const origin = issue.origin === 'string' || issue.origin === 'array' ? issue.origin : 'number'
  const named = field ? 'Named' : ''
  // `positive()` is "more than 0", not "at least 0".
  const strict = origin === 'number' && !issue.inclusive ? 'Strict' : ''
  switch (issue.code) {
    case 'too_small':
      if (issue.minimum === null) break
      return dynamic(`errors.issue.tooSmall_${origin}${strict}${named}`, { field, count: issue.minimum })
    case 'too_big':
      if (issue.maximum === null) break
      return dynamic(`errors.issue.tooBig_${origin}${strict}${named}`, { field, count: issue.maximum })
    case 'invalid_type':
      return dynamic(`errors.issue.invalidType${named}`, { field })
    case 'invalid_format':
    case 'invalid_value':
    case 'invalid_union':
    case 'not_multiple_of':
      return dynamic(`errors.issue.invalidValue${named}`, { field })
    case 'unrecognized_keys':
      return dynamic(`errors.issue.unknownKeys${named}`, { field })
  }
  // Our own checks (refinements, pack problems) are written for people, in English; elsewhere say
  // which field is wrong and keep the English reason as a detail.
  return dynamic('errors.issue.custom', {
    field: field || dynamic('errors.issue.request'),
    detail: issue.message,
  })
}

/** The issues of a validation error, translated, each with its field's path (for the form to place). */
export function fieldIssues(error: unknown, t: TFunction): { path: string; message: string }[] {
  const procedure = shape(error).data?.path ?? undefined
  return issuesOf(error).map((issue) => ({ path: issue.path, message: issueText(issue, t, procedure) }))
}

/**
 * A message that says what to do, in the reader's language. Validation errors are said from their
 * issues (never zod's text or a path); other refusals keep the server's sentence, which names the thing
 * refused, after the translated kind of refusal where the reader does not read English.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isNetworkError(error)) return t('errors.network')
  const { message, data } = shape(error)
  const issues = fieldIssues(error, t)
  if (issues.length > 0) return [...new Set(issues.map((issue) => issue.message))].slice(0, 3).join(' ')
  // A refusal the server words itself: its own sentence, in the reader's language. "Log in first"
  // mostly means a session that ended: that reads as such (below).
  const refused = data?.refusal
  if (refused && refused.reason !== 'logInFirst') {
    const dynamic = t as unknown as (key: string, options?: Record<string, unknown>) => string
    return dynamic(`errors.refusal.${refused.reason}`, { ...refused.params })
  }
  const detail = (generic: string) => {
    if (!message) return generic
    return t('errors.withDetail', { generic, detail: message })
  }
  switch (data?.code) {
    case 'UNAUTHORIZED':
      return t('errors.unauthorized')
    case 'TOO_MANY_REQUESTS':
      if (data.queueLimit) {
        const { scope, count, limit } = data.queueLimit
        return t(scope === 'group' ? 'errors.groupQueueFull' : 'errors.queueFull', { count, limit })
      }
      return t('errors.rateLimited')
    case 'FORBIDDEN':
      return message && !/csrf/i.test(message) ? detail(t('errors.notAllowed')) : t('errors.forbidden')
    case 'PAYLOAD_TOO_LARGE':
      return t('errors.tooLarge')
    case 'INTERNAL_SERVER_ERROR':
      return t('errors.server')
    case 'NOT_FOUND':
      return detail(t('errors.notFound'))
    case 'CONFLICT':
      return detail(t('errors.conflict'))
    case 'BAD_REQUEST':
    case 'PRECONDITION_FAILED':
      return detail(t('errors.badRequest'))
    default:
      return message && message.length > 0 ? detail(t('errors.unknown')) : t('errors.unknown')
  }
}
