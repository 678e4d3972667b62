import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claimInProcesses } from '../testing/claimInProcesses.ts'
import { queueContract } from '../testing/queueContract.ts'
import { type RedisServer, startRedisServer } from '../testing/redisServer.ts'
import { BullQueue } from './BullQueue.ts'

const STALLED_INTERVAL_MS = 100
let redis: RedisServer
let prefix: string
let tests = 0
const queues: BullQueue[] = []
let checker: BullQueue | undefined

beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.stop()
})

function openQueue<P, R, E>(options: { maxAttempts?: number } = {}): BullQueue<P, R, E> {
  const queue = new BullQueue<P, R, E>({
    url: redis.url,
    prefix,
    stalledIntervalMs: STALLED_INTERVAL_MS,
    watchBlockMs: 50,
    ...options,
  })
  queues.push(queue as BullQueue)
  return queue
}

queueContract('BullQueue', {
  // Real time: Redis expires BullMQ's locks by its own clock. Long enough that a loaded CI machine
  // does not expire a lease the test means to keep.
  lease: 1500,
  noticesExpiryInBackground: true,
  signalsAcrossConnections: true,
  async setUp() {
    prefix = `t${++tests}`
  },
  async tearDown() {
    checker = undefined
    await Promise.all(queues.splice(0).map((queue) => queue.close()))
  },
  async open(options) {
    return openQueue(options)
  },
  async elapse(ms) {
    await sleep(ms)
    // The stalled checker needs two passes (mark, then move), at most one per interval.
    checker ??= openQueue()
    await checker.requeueExpired()
    await sleep(STALLED_INTERVAL_MS + 20)
    await checker.requeueExpired()
  },
  claimInProcesses: (owners) => claimInProcesses({ kind: 'bullmq', url: redis.url, prefix }, owners),
})

describe('BullQueue and Redis', () => {
  it('finishes an attempt whose lock expired when the stalled checker has not taken the job back', async () => {
    prefix = `late${++tests}`
    // A stalled check every minute: the lock expires long before anyone looks.
    const queue = new BullQueue<{ n: number }, string, unknown>({
      url: redis.url,
      prefix,
      stalledIntervalMs: 60_000,
    })
    try {
      await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
      const only = await queue.claim('cpu', 'paused', 300)
      await sleep(500)
      expect(await queue.complete(only!.lease, 'done')).toBe('completed')
      expect(await queue.claim('cpu', 'other', 300)).toBeNull()
      expect((await queue.get('job'))?.result).toBe('done')
    } finally {
      await queue.close()
    }
  })

  it('loses nothing when Redis restarts: queued, running and finished jobs all come back', async () => {
    prefix = `restart${++tests}`
    const queue = openQueue<{ n: number }, string, { step: number }>()
    try {
      for (let n = 0; n < 5; n++) await queue.enqueue({ id: `job-${n}`, runnerClass: 'cpu', payload: { n } })
      const running = await queue.claim('cpu', 'r', 30_000)
      const done = await queue.claim('cpu', 'r', 30_000)
      await queue.progress(running!.lease, { step: 1 })
      await queue.complete(done!.lease, 'ok')
      await redis.restart()
      expect(await queue.counts()).toEqual({ queued: 3, running: 1, completed: 1, failed: 0 })
      expect(await queue.heartbeat(running!.lease, 30_000)).toBe(true)
      expect(await queue.complete(running!.lease, 'also ok')).toBe('completed')
      expect((await queue.finished()).map((job) => job.result)).toEqual(['ok', 'also ok'])
      expect((await queue.progressOf(running!.job.id)).map((each) => each.event)).toEqual([{ step: 1 }])
    } finally {
      await Promise.all(queues.splice(0).map((each) => each.close()))
    }
  })
})
