// A claimer process for the queue's concurrency test: claims jobs until none is left, completes each,
// and prints the ids it got as one JSON line. Usage: claimWorker.ts <queue spec JSON> <owner>
import { BullQueue } from '../bullmq/BullQueue.ts'
import type { JobQueue } from '../JobQueue.ts'
import { SqliteQueue } from '../sqlite/SqliteQueue.ts'

type Spec = { kind: 'sqlite'; file: string } | { kind: 'bullmq'; url: string; prefix: string }

const [specText, owner] = process.argv.slice(2)
if (!specText || !owner) throw new Error('usage: claimWorker.ts <queue spec JSON> <owner>')
const spec = JSON.parse(specText) as Spec
const queue: JobQueue<{ n: number }, { by: string }> =
  spec.kind === 'sqlite'
    ? new SqliteQueue({ file: spec.file })
    : new BullQueue({ url: spec.url, prefix: spec.prefix })
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
