// `npm start`: node --no-node-snapshot --import tsx apps/server/src/main.ts [--runners N] [--port P]
import { pino } from 'pino'
import { parseConfig } from './config.ts'
import { startServer } from './startServer.ts'
import { ensureWebBuilt } from './web/buildWeb.ts'

const config = parseConfig(process.argv.slice(2))
const log = pino({ level: config.logLevel })
if (config.buildWeb) ensureWebBuilt(config.webDist, log)

const server = await startServer(config, log).catch((error: unknown) => {
  log.fatal({ err: error }, 'the server could not start')
  process.exit(1)
})

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'shutting down: runners give their jobs back, queued jobs wait for the next start')
  const force = setTimeout(() => {
    server.runners.killAll()
    process.exit(1)
  }, 20_000)
  force.unref()
  await server.close()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
