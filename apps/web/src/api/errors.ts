import type { TFunction } from 'i18next'

interface TrpcErrorShape {
  message?: string
  data?: {
    code?: string
    httpStatus?: number
    /** Set when a submission was refused for the queue limits (apps/server runners/queueLimits.ts). */
    queueLimit?: { scope: 'user' | 'group'; count: number; limit: number }
  } | null
}

function shape(error: unknown): TrpcErrorShape {
  return typeof error === 'object' && error !== null ? (error as TrpcErrorShape) : {}
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

/**
 * A message that says what to do. The server's messages are written for learners (every input is
 * validated with zod and explained), so they are shown as they are, after the cases a learner can
 * act on without reading one.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isNetworkError(error)) return t('errors.network')
  const { message, data } = shape(error)
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
      return message && !/csrf/i.test(message) ? message : t('errors.forbidden')
    case 'PAYLOAD_TOO_LARGE':
      return message ?? t('errors.tooLarge')
    case 'INTERNAL_SERVER_ERROR':
      return t('errors.server')
    default:
      return message && message.length > 0 ? friendlyZod(message) : t('errors.unknown')
  }
}

// tRPC passes zod's issue list as a JSON string in `message`; show the first issue's text.
function friendlyZod(message: string): string {
  if (!message.startsWith('[')) return message
  try {
    const issues = JSON.parse(message) as { message?: string; path?: (string | number)[] }[]
    const first = issues[0]
    if (!first?.message) return message
    return first.path && first.path.length > 0 ? `${first.path.join('.')}: ${first.message}` : first.message
  } catch {
    return message
  }
}
