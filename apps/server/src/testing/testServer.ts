import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { parseConfig, REPO_ROOT, type ServerConfig } from '../config.ts'
import { type RunningServer, startServer } from '../startServer.ts'
import { ApiClient } from './ApiClient.ts'

export const FIXTURE_PACKS = path.join(REPO_ROOT, 'tests/fixtures/packs')

export interface TestServer extends RunningServer {
  dir: string
  config: ServerConfig
  client(): ApiClient
  stop(): Promise<void>
}

/**
 * The server in this process on a temporary database and the fixture packs, listening on a free port,
 * with no runners (CPU or GPU) unless asked (jobs then stay queued). Real SQLite, real HTTP.
 */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'arena-server-'))
  const config: ServerConfig = {
    ...parseConfig([], {}),
    port: 0,
    dbFile: path.join(dir, 'arena.sqlite'),
    challengesDir: FIXTURE_PACKS,
    packStoreDir: path.join(dir, 'pack-versions'),
    runners: 0,
    gpuRunners: 0,
    webDist: path.join(dir, 'no-web-build'),
    buildWeb: false,
    ...overrides,
  }
  const server = await startServer(config, pino({ level: 'warn' }))
  return {
    ...server,
    dir,
    config,
    client: () => new ApiClient(server.url),
    async stop() {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
