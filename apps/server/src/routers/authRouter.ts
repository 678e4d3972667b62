import {
  createUser,
  deleteUserSessions,
  findUserById,
  findUserByUsername,
  setUserLocale,
  setUserPasswordHash,
} from '@arena/db'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { localeSchema, passwordSchema, usernameSchema } from '../api/inputs.ts'
import type { Me } from '../api/types.ts'
import { admitLogin, loginSucceeded } from '../auth/loginThrottle.ts'
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../auth/password.ts'
import { passwordProblem } from '../auth/passwordStrength.ts'
import { endSession, startSession } from '../auth/requestAuth.ts'
import { usernameSkeleton } from '../auth/usernameSkeleton.ts'
import { userSummary } from '../course/userSummary.ts'
import type { Context } from '../trpc/context.ts'
import { authedProcedure, enforceLimit, publicProcedure, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'

// A weak password is reported against its field, with the username's and password's other issues.
const signupInput = z
  .object({ username: usernameSchema, password: passwordSchema, locale: localeSchema.optional() })
  .superRefine((input, ctx) => {
    const problem = passwordProblem(input.password, [input.username])
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
  })

/** A BAD_REQUEST that names its field, as a validation error does (the form shows it there). */
function fieldError(field: string, message: string): TRPCError {
  const cause = Object.assign(new Error(message), { issues: [{ path: [field], message }] })
  return new TRPCError({ code: 'BAD_REQUEST', message, cause })
}

const loginInput = z.object({ username: z.string().max(256), password: z.string().max(256) })

/**
 * Counts a password check against the log-in limits (also the current-password check of a password
 * change: a stolen session must not become an oracle). Throws TOO_MANY_REQUESTS when over a limit.
 */
async function checkPasswordLimited(
  ctx: Context,
  username: string,
  password: string,
  stored: string | undefined,
): Promise<boolean> {
  const gate = admitLogin(ctx.db, ctx.config, ctx.req.ip, usernameSkeleton(username))
  if (!gate.allowed) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: gate.message })
  // Hash even for an unknown name, so the answer takes as long either way.
  const valid = await verifyPassword(password, stored ?? (await DUMMY_HASH_PROMISE))
  if (valid && stored !== undefined) loginSucceeded(ctx.db, gate.ticket)
  return valid && stored !== undefined
}

export const authRouter = router({
  signup: publicProcedure.input(signupInput).mutation(async ({ ctx, input }): Promise<Me> => {
    await enforceLimit(ctx, 'signup', 'sign-ups from this address')
    const passwordHash = await hashPassword(input.password)
    const user = createUser(ctx.db, {
      username: input.username,
      passwordHash,
      locale: input.locale ?? 'en',
      usernameSkeleton: usernameSkeleton(input.username),
    })
    if (!user) {
      throw refusal('CONFLICT', 'usernameTaken')
    }
    ctx.log.info({ userId: user.id }, 'signed up')
    startSession(ctx.db, ctx.res, user, { secure: ctx.config.secureCookies })
    return userSummary(ctx.db, user)
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }): Promise<Me> => {
    const username = input.username.normalize('NFKC')
    const user = findUserByUsername(ctx.db, username)
    if (!(await checkPasswordLimited(ctx, username, input.password, user?.passwordHash)) || !user) {
      throw refusal('UNAUTHORIZED', 'wrongLogin')
    }
    startSession(ctx.db, ctx.res, user, { secure: ctx.config.secureCookies })
    return userSummary(ctx.db, user)
  }),

  logout: publicProcedure.mutation(({ ctx }) => {
    endSession(ctx.db, ctx.req, ctx.res, { secure: ctx.config.secureCookies })
    return { ok: true as const }
  }),

  /** Ends every session of the caller, this one included (a lost laptop, a shared computer). */
  logoutEverywhere: authedProcedure.mutation(({ ctx }) => {
    const ended = deleteUserSessions(ctx.db, ctx.user.id)
    endSession(ctx.db, ctx.req, ctx.res, { secure: ctx.config.secureCookies })
    ctx.log.info({ userId: ctx.user.id, ended }, 'signed out everywhere')
    return { ok: true as const, ended }
  }),

  /**
   * A new password, given the current one. Every session of the account ends, and this browser gets a
   * new one: whoever else held a session (or the old password) is out.
   */
  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string().max(256), newPassword: passwordSchema }))
    .mutation(async ({ ctx, input }): Promise<Me> => {
      const problem = passwordProblem(input.newPassword, [ctx.user.username])
      if (problem) throw fieldError('newPassword', problem)
      const user = findUserById(ctx.db, ctx.user.id)
      if (!(await checkPasswordLimited(ctx, ctx.user.username, input.currentPassword, user?.passwordHash))) {
        throw refusal('FORBIDDEN', 'currentPasswordWrong')
      }
      if (input.newPassword === input.currentPassword) {
        throw fieldError('newPassword', 'The new password must differ from the current one.')
      }
      setUserPasswordHash(ctx.db, ctx.user.id, await hashPassword(input.newPassword))
      const ended = deleteUserSessions(ctx.db, ctx.user.id)
      startSession(ctx.db, ctx.res, ctx.user, { secure: ctx.config.secureCookies })
      ctx.log.info({ userId: ctx.user.id, ended }, 'password changed; other sessions ended')
      return userSummary(ctx.db, ctx.user)
    }),

  me: publicProcedure.query(({ ctx }): Me | null =>
    ctx.auth.user ? userSummary(ctx.db, ctx.auth.user) : null,
  ),

  setLocale: authedProcedure.input(z.object({ locale: localeSchema })).mutation(({ ctx, input }): Me => {
    setUserLocale(ctx.db, ctx.user.id, input.locale)
    return userSummary(ctx.db, { ...ctx.user, locale: input.locale })
  }),
})
