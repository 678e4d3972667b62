import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleForNode, nodeArgsFor } from '@arena/sandbox'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SERVER_MAIN = path.join(REPO_ROOT, 'apps/server/src/main.ts')
export const FIXTURE_PACKS = path.join(REPO_ROOT, 'tests/fixtures/packs')

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Everything the server and its runners logged so far (JSON lines). */
  logs(): string
  /** SIGTERM, and the exit code once it exited. */
  stop(): Promise<number | null>
}

/** `npm start` as a real process: its own runners, a database in `dir`, the fixture packs. */
/** A server start: ~25 s on the shared 2-core machine under load; twice that was seen at load 15-19. */
const START_WITHIN_MS = 120_000

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}

export async function startServerProcess(options: {
  dir: string
  runners: number
  leaseMs?: number
  /** Packs to import (default: the fixture packs). */
  challengesDir?: string
  /** More environment for the server, e.g. `{ ARENA_SANDBOX_ORIGIN: 'none' }`. */
  env?: Record<string, string>
}): Promise<ServerProcess> {
  // The server's modules from one bundle, as its runners start (RunnerSupervisor): 3.0 s of CPU
  // through tsx, 1.1-1.4 s bundled, in every file that starts a server.
  const entry = nodeArgsFor(await bundleForNode([SERVER_MAIN]), SERVER_MAIN)
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', ...entry, '--no-web-build', '--port', '0', '--runners', String(options.runners)],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ARENA_DB_FILE: path.join(options.dir, 'arena.sqlite'),
        ARENA_CHALLENGES_DIR: options.challengesDir ?? FIXTURE_PACKS,
        ARENA_LEASE_MS: String(options.leaseMs ?? 30_000),
        LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a server that never comes up is killed with the runners it started.
      detached: true,
    },
  )
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    // A server that is still starting when the limit passes is stopped, runners and all, rather than
    // left running beside the next test's (a loaded machine once leaked six this way).
    const timer = setTimeout(() => {
      killGroup(child)
      reject(new Error(`the server did not start within ${START_WITHIN_MS / 1000} s:\n${output}`))
    }, START_WITHIN_MS)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /"url":"(http:\/\/[^"]+)".*Alpaca Arena is up/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    child,
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}
