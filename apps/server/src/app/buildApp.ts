import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { installOriginCheck } from '../auth/originCheck.ts'
import { authOf, installAuthHook } from '../auth/requestAuth.ts'
import { servePackFiles } from '../authoring/packFileRoutes.ts'
import { serveSampleKits } from '../localRun/serveSampleKits.ts'
import { frameSourcesFor, serveSandbox } from '../localRun/serveSandbox.ts'
import { serveSolvedReference } from '../localRun/serveSolvedReference.ts'
import { servePackVersions } from '../packs/servePackVersions.ts'
import { type AppRouter, appRouter } from '../router.ts'
import { contextFactory, type Limiter, type Services } from '../trpc/context.ts'
import { serveWeb } from '../web/serveWeb.ts'
import { installSandboxHostSplit } from './sandboxHostSplit.ts'
import { trpcErrorReply } from './trpcErrorReply.ts'
import { installWorkerScriptPolicy } from './workerScriptPolicy.ts'

/** The HTTP server: security headers, cookies, sessions and CSRF, rate limits, tRPC at /trpc, the web app. */
export async function buildApp(
  services: Omit<Services, 'log' | 'limiters'>,
  logger: Logger,
): Promise<FastifyInstance> {
  // 1 MiB bodies: sources are capped at 64 KB by validation, with a message that says so.
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  })

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Monaco and esbuild-wasm: bundled workers, WebAssembly, no eval.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        workerSrc: ["'self'", 'blob:'],
        // Monaco sets styles inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // The local-run sandbox (another site, so learners' programs get a process of their own).
        frameSrc: [(request) => frameSourcesFor(request, services.config)],
      },
    },
  })
  installWorkerScriptPolicy(app)
  // First: the sandbox's name serves the sandbox only, and no mutation comes from another site.
  installSandboxHostSplit(app, services.config)
  installOriginCheck(app, services.config)
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, { global: false })
  installAuthHook(app, services.db, { secure: services.config.secureCookies })

  const { rateLimits } = services.config
  // Log-in limits are kept in the database (auth/loginThrottle.ts): a restart must not reset them.
  const limiters = {
    signup: limiter(app, { max: rateLimits.signupPerMinute, key: (request) => `signup:${request.ip}` }),
    // Per user: learners behind one address do not share a budget.
    submit: limiter(app, {
      max: rateLimits.submitPerMinute,
      key: (request) => `submit:${authOf(request).user?.id ?? request.ip}`,
    }),
    post: limiter(app, {
      max: rateLimits.postPerMinute ?? 10,
      key: (request) => `post:${authOf(request).user?.id ?? request.ip}`,
    }),
  }

  await app.register(async (api) => {
    api.setErrorHandler(trpcErrorReply)
    await api.register(fastifyTRPCPlugin<AppRouter>, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: contextFactory({ ...services, log: app.log, limiters }),
        onError({ error, path }) {
          if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error, path }, 'procedure failed')
        },
      },
    })
  })
  serveSampleKits(app, services)
  serveSandbox(app, services.config)
  serveSolvedReference(app, services)
  servePackVersions(app, services.config)
  await servePackFiles(app, services)
  await serveWeb(app, services.config.webDist)
  return app
}

function limiter(
  app: FastifyInstance,
  options: { max: number; key: (request: FastifyRequest, subject: string) => string },
): Limiter {
  // The plugin's key generator sees only the request: the subject travels beside it.
  const subjects = new WeakMap<FastifyRequest, string>()
  const check = app.createRateLimit({
    max: options.max,
    timeWindow: 60_000,
    keyGenerator: (request) => options.key(request, subjects.get(request) ?? ''),
  })
  return async (request, subject = '') => {
    subjects.set(request, subject)
    const result = await check(request)
    if (result.isAllowed) return { limited: false, retryInSeconds: 0 }
    return { limited: result.isExceeded, retryInSeconds: result.ttlInSeconds }
  }
}
