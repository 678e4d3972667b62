// A claimer process for the queue's concurrency test: claims jobs until none is left, completes each,
// and prints the ids it got as one JSON line.
import { SqliteQueue } from '../sqlite/SqliteQueue.ts'

const [file, owner] = process.argv.slice(2)
if (!file || !owner) throw new Error('usage: claimWorker.ts <db file> <owner>')
const queue = new SqliteQueue<{ n: number }, { by: string }>({ file })
const claimed: string[] = []
for (;;) {
  const next = await queue.claim('cpu', owner, 60_000)
  if (!next) break
  claimed.push(next.job.id)
  const outcome = await queue.complete(next.lease, { by: owner })
  if (outcome !== 'completed') throw new Error(`completion of ${next.job.id} was ${outcome}`)
}
await queue.close()
console.log(JSON.stringify(claimed))
