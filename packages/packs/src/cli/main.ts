// The `arena` command. Started by bin/arena.js, which adds the Node flags isolated-vm needs.
import { runCli } from './runCli.ts'

process.exitCode = await runCli(process.argv.slice(2))
