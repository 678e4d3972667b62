import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/**
 * Serves apps/web/dist: hashed assets cached for a year, index.html never cached, and index.html for
 * any other GET that wants a page (the app routes on the client). API paths never fall back.
 */
export async function serveWeb(app: FastifyInstance, distDir: string): Promise<void> {
  const hasBuild = existsSync(path.join(distDir, 'index.html'))
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: distDir,
      index: ['index.html'],
      setHeaders(reply, file) {
        const immutable = file.includes(`${path.sep}assets${path.sep}`)
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/trpc') &&
      !path.extname(request.url.split('?')[0] ?? '')
    if (wantsPage && hasBuild) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    if (wantsPage) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The web app is not built yet: run `npm run build -w @arena/web`, or `npm start`, which builds it.\n',
        )
    }
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n')
  })
}
