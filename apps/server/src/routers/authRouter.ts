import { createUser, findUserByUsername, setUserLocale } from '@arena/db'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { localeSchema, passwordSchema, usernameSchema } from '../api/inputs.ts'
import type { Me } from '../api/types.ts'
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../auth/password.ts'
import { endSession, startSession } from '../auth/requestAuth.ts'
import { userSummary } from '../course/userSummary.ts'
import { authedProcedure, enforceLimit, publicProcedure, router } from '../trpc/init.ts'

export const authRouter = router({
  signup: publicProcedure
    .input(z.object({ username: usernameSchema, password: passwordSchema, locale: localeSchema.optional() }))
    .mutation(async ({ ctx, input }): Promise<Me> => {
      await enforceLimit(ctx, 'signup', 'sign-ups from this address')
      const passwordHash = await hashPassword(input.password)
      const user = createUser(ctx.db, {
        username: input.username,
        passwordHash,
        locale: input.locale ?? 'en',
      })
      if (!user) {
        throw new TRPCError({ code: 'CONFLICT', message: 'That username is taken: choose another one.' })
      }
      ctx.log.info({ userId: user.id }, 'signed up')
      startSession(ctx.db, ctx.res, user, { secure: ctx.config.secureCookies })
      return userSummary(ctx.db, user)
    }),

  login: publicProcedure
    .input(z.object({ username: z.string().max(256), password: z.string().max(256) }))
    .mutation(async ({ ctx, input }): Promise<Me> => {
      await enforceLimit(
        ctx,
        'login',
        'log-in attempts for this user',
        input.username.normalize('NFC').toLowerCase(),
      )
      const user = findUserByUsername(ctx.db, input.username.normalize('NFC'))
      // Hash even for an unknown name, so the answer takes as long either way.
      const valid = await verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE))
      if (!user || !valid) {
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong username or password.' })
      }
      startSession(ctx.db, ctx.res, user, { secure: ctx.config.secureCookies })
      return userSummary(ctx.db, user)
    }),

  logout: publicProcedure.mutation(({ ctx }) => {
    endSession(ctx.db, ctx.req, ctx.res, { secure: ctx.config.secureCookies })
    return { ok: true as const }
  }),

  me: publicProcedure.query(({ ctx }): Me | null =>
    ctx.auth.user ? userSummary(ctx.db, ctx.auth.user) : null,
  ),

  setLocale: authedProcedure.input(z.object({ locale: localeSchema })).mutation(({ ctx, input }): Me => {
    setUserLocale(ctx.db, ctx.user.id, input.locale)
    return userSummary(ctx.db, { ...ctx.user, locale: input.locale })
  }),
})
