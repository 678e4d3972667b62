import { TRPCError } from '@trpc/server'
import { type RefusalParams, type RefusalReason, refusalText } from '../api/refusals.ts'

type ErrorCode = ConstructorParameters<typeof TRPCError>[0]['code']

/** Carries a refusal's reason and values to the error formatter, which hands them to the page. */
export class RefusalCause extends Error {
  constructor(
    message: string,
    readonly reason: RefusalReason,
    readonly params: RefusalParams,
  ) {
    super(message)
  }
}

/**
 * A request refused for a reason the server words itself (REFUSALS): the English sentence as the
 * message, and `data.refusal` ({ reason, params }) for the page to say it in the reader's language.
 */
export function refusal(code: ErrorCode, reason: RefusalReason, params: RefusalParams = {}): TRPCError {
  const message = refusalText(reason, params)
  return new TRPCError({ code, message, cause: new RefusalCause(message, reason, params) })
}

/** What the page gets of a refusal (`data.refusal`), or undefined for any other error. */
export function refusalOf(cause: unknown): { reason: RefusalReason; params: RefusalParams } | undefined {
  return cause instanceof RefusalCause ? { reason: cause.reason, params: cause.params } : undefined
}
