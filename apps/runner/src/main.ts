// A grading worker: `npm run runner -- [options]` (see USAGE in startRunner.ts). The server starts
// these as children; on other machines start them by hand with `--redis <url> --server <url>`.
// Signals are handled before the grader loads (which takes a moment), so a runner told to stop while
// starting does stop.

let stop: (() => Promise<void>) | undefined
let stopping = false

async function shutdown(): Promise<void> {
  if (stopping) return
  stopping = true
  // Stops now if starting has finished; otherwise once it has (below).
  if (stop) {
    await stop()
    process.exit(0)
  }
}

process.on('SIGTERM', () => void shutdown())
process.on('SIGINT', () => void shutdown())
// Started by the server: when the server goes away (even killed), so does its runner.
if (process.send) {
  process.on('disconnect', () => void shutdown())
  if (!process.connected) void shutdown()
}

const { startRunner } = await import('./startRunner.ts')
stop = await startRunner(process.argv.slice(2))
if (stopping) {
  await stop()
  process.exit(0)
}
