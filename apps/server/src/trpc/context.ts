import type { ArenaDb } from '@arena/db'
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify'
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'
import { authOf } from '../auth/requestAuth.ts'
import type { ServerConfig } from '../config.ts'
import type { GradeQueue } from '../grading/gradeQueue.ts'
import type { ResultCollector } from '../grading/ResultCollector.ts'

export interface LimitVerdict {
  limited: boolean
  retryInSeconds: number
}

/** Counts one request against a limit; `subject` narrows the key (e.g. the username a log-in is for). */
export type Limiter = (request: FastifyRequest, subject?: string) => Promise<LimitVerdict>

/** What the procedures work with; one set per server. */
export interface Services {
  db: ArenaDb
  queue: GradeQueue
  results: ResultCollector
  config: ServerConfig
  log: FastifyBaseLogger
  /** In memory; log-in limits live in the database instead (auth/loginThrottle.ts). */
  limiters: { signup: Limiter; submit: Limiter; post: Limiter }
}

export function contextFactory(services: Services) {
  return ({ req, res }: CreateFastifyContextOptions) => ({ ...services, req, res, auth: authOf(req) })
}

export type Context = Awaited<ReturnType<ReturnType<typeof contextFactory>>>
