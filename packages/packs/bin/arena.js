#!/usr/bin/env node
// Re-executes Node with what the CLI needs: --no-node-snapshot (isolated-vm on Node 20) and tsx to run
// the TypeScript sources. The loader is passed as an absolute URL so `arena` works from any folder.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
const tsx = import.meta.resolve('tsx')

const child = spawn(
  process.execPath,
  ['--no-node-snapshot', '--import', tsx, main, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
// The terminal sends Ctrl-C to the whole process group: let the child handle it and report back.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {})
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  } else {
    process.exit(code ?? 1)
  }
})
