import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'

export interface RedisServer {
  url: string
  port: number
  /** Stops Redis (SIGTERM: it saves its data) and starts it again on the same port and data. */
  restart(): Promise<void>
  stop(): Promise<void>
}

/**
 * A real `redis-server` (the Debian package) on a free port, its data in a temporary folder: one per
 * test file. Appendonly with fsync on every write by default, so a restart loses nothing a client was
 * told; `fsync: 'everysec'` (what a production Redis usually runs) for benchmarks, where a shared
 * disk's fsync latency would otherwise be all that is measured.
 */
export async function startRedisServer(
  options: { fsync?: 'always' | 'everysec' } = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'arena-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined

  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        options.fsync ?? 'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    )
    await untilPing(port)
  }
  const halt = async () => {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }
  await launch()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await halt()
      await launch()
    },
    async stop() {
      await halt()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function untilPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 })
    client.on('error', () => {})
    try {
      await client.connect()
      if ((await client.ping()) === 'PONG') return
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}: ${error}`)
    } finally {
      client.disconnect()
    }
    await sleep(50)
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}
