import { initTRPC, TRPCError } from '@trpc/server'
import { csrfProblem } from '../auth/requestAuth.ts'
import { queueLimitOf } from '../runners/queueLimits.ts'
import type { Context } from './context.ts'
import { refusal, refusalOf } from './refusal.ts'

interface Issue {
  code?: string
  message: string
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>
  minimum?: unknown
  maximum?: unknown
  origin?: unknown
  inclusive?: unknown
  expected?: unknown
  format?: unknown
  keys?: unknown
  values?: unknown
}

/**
 * What the web needs to say an issue in the reader's language (apps/web/src/api/errors.ts): zod's
 * issue code and its bounds. The English `message` stays for API clients and logs.
 */
export interface IssueView {
  path: string
  message: string
  code: string
  minimum: number | null
  maximum: number | null
  origin: string | null
  /** False for `positive()` and the like: the bound itself is refused. */
  inclusive: boolean
}

function issueView(issue: Issue): IssueView {
  const bound = (value: unknown) =>
    typeof value === 'number' || typeof value === 'bigint' ? Number(value) : null
  return {
    path: pathText(issue),
    message: issue.message,
    code: issue.code ?? 'custom',
    minimum: bound(issue.minimum),
    maximum: bound(issue.maximum),
    origin: typeof issue.origin === 'string' ? issue.origin : null,
    inclusive: issue.inclusive !== false,
  }
}

function issuesOf(cause: unknown): Issue[] | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues
  return Array.isArray(issues) ? (issues as Issue[]) : undefined
}

function pathText(issue: Issue): string {
  return (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.')
}

const t = initTRPC.context<Context>().create({
  // Messages are for people: a validation error reads "source: Source is 70 KB; the limit is 64 KB",
  // not a JSON dump, and `data.issues` lets a form put each message next to its field.
  errorFormatter({ shape, error }) {
    const issues = error.code === 'BAD_REQUEST' ? issuesOf(error.cause) : undefined
    const message = issues
      ? issues
          .map((issue) => (pathText(issue) ? `${pathText(issue)}: ${issue.message}` : issue.message))
          .join('; ')
      : error.cause instanceof SyntaxError
        ? `The request is not valid JSON (${error.cause.message}).`
        : error.code === 'INTERNAL_SERVER_ERROR'
          ? 'Something went wrong on the server; it has been logged. Try again in a moment.'
          : shape.message
    const { stack: _stack, ...data } = shape.data
    const queueLimit = queueLimitOf(error.cause)
    const refused = refusalOf(error.cause)
    return {
      ...shape,
      message,
      data: {
        ...data,
        issues: issues?.map(issueView) ?? null,
        ...(queueLimit ? { queueLimit } : {}),
        ...(refused ? { refusal: refused } : {}),
      },
    }
  },
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 25_000 },
  },
})

export const router = t.router

const csrfGuard = t.middleware(({ ctx, type, next }) => {
  if (type === 'mutation') {
    const problem = csrfProblem(ctx.req)
    if (problem) throw new TRPCError({ code: 'FORBIDDEN', message: problem })
  }
  return next()
})

/** Anyone; mutations need the CSRF token. */
export const publicProcedure = t.procedure.use(csrfGuard)

/** A logged-in user (`ctx.user`). */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.auth.user
  if (!user) throw refusal('UNAUTHORIZED', 'logInFirst')
  return next({ ctx: { user } })
})

/** Throws TOO_MANY_REQUESTS when the limiter says so. */
export async function enforceLimit(
  ctx: Context,
  limiter: keyof Context['limiters'],
  what: string,
  subject?: string,
): Promise<void> {
  const verdict = await ctx.limiters[limiter](ctx.req, subject)
  if (verdict.limited) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many ${what}: try again in ${verdict.retryInSeconds} s.`,
    })
  }
}
