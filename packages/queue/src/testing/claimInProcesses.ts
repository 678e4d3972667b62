import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const claimWorker = fileURLToPath(new URL('./claimWorker.ts', import.meta.url))
const tsx = createRequire(import.meta.url).resolve('tsx')

/** Starts one claimWorker process per owner on the queue `spec` names; the ids each claimed. */
export async function claimInProcesses(spec: object, owners: string[]): Promise<string[][]> {
  const outputs = await Promise.all(
    owners.map((owner) =>
      run(process.execPath, ['--import', tsx, claimWorker, JSON.stringify(spec), owner], {
        encoding: 'utf8',
      }),
    ),
  )
  return outputs.map((output) => JSON.parse(output.stdout.trim()) as string[])
}
