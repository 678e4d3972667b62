import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

const CODES: Record<number, [string, number]> = {
  400: ['BAD_REQUEST', -32600],
  403: ['FORBIDDEN', -32003],
  404: ['NOT_FOUND', -32004],
  413: ['PAYLOAD_TOO_LARGE', -32013],
  415: ['UNSUPPORTED_MEDIA_TYPE', -32015],
  429: ['TOO_MANY_REQUESTS', -32029],
}

/**
 * Errors raised by fastify before tRPC sees a request (a body over the size limit, a bad content
 * type) answered in tRPC's error shape, so the client shows their message like any other error.
 */
export function trpcErrorReply(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
  const [code, jsonRpc] = CODES[status] ?? ['INTERNAL_SERVER_ERROR', -32603]
  const message =
    status === 413
      ? 'The request is too large: sources are limited to 64 KB.'
      : status === 500
        ? 'Something went wrong on the server; it has been logged. Try again in a moment.'
        : error.message
  if (status === 500) request.log.error({ err: error }, 'request failed')
  const procedures = (request.params as { path?: string } | undefined)?.path?.split(',') ?? ['']
  const envelope = (path: string) => ({
    error: { message, code: jsonRpc, data: { code, httpStatus: status, path } },
  })
  const batch = (request.query as { batch?: string } | undefined)?.batch === '1'
  return reply.code(status).send(batch ? procedures.map(envelope) : envelope(procedures[0] ?? ''))
}
