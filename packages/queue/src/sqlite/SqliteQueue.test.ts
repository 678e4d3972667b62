import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobEvent } from '../JobQueue.ts'
import { SqliteQueue } from './SqliteQueue.ts'

const run = promisify(execFile)
const claimWorker = fileURLToPath(new URL('../testing/claimWorker.ts', import.meta.url))
const tsx = createRequire(import.meta.url).resolve('tsx')

let dir: string
let file: string
let clock: number
const queues: SqliteQueue[] = []

function openQueue<P = { n: number }, R = unknown, E = unknown>(options: { maxAttempts?: number } = {}) {
  const queue = new SqliteQueue<P, R, E>({ file, now: () => clock, pollMs: 10, ...options })
  queues.push(queue as SqliteQueue)
  return queue
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-queue-'))
  file = path.join(dir, 'queue.sqlite')
  clock = 1_000_000
})

afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()))
  rmSync(dir, { recursive: true, force: true })
})

describe('SqliteQueue', () => {
  it('gives every job to exactly one of several claiming processes', async () => {
    const queue = openQueue()
    const total = 120
    for (let n = 0; n < total; n++)
      await queue.enqueue({ id: `job-${n}`, runnerClass: 'cpu', payload: { n } })
    const outputs = await Promise.all(
      ['a', 'b', 'c', 'd'].map((owner) =>
        run(process.execPath, ['--import', tsx, claimWorker, file, owner], { encoding: 'utf8' }),
      ),
    )
    const claimed = outputs.flatMap((output) => JSON.parse(output.stdout.trim()) as string[])
    expect(claimed).toHaveLength(total)
    expect(new Set(claimed).size).toBe(total)
    expect(await queue.counts()).toEqual({ queued: 0, running: 0, completed: total, failed: 0 })
  })

  it('claims jobs of the asked runner class only, by priority then enqueue order', async () => {
    const queue = openQueue()
    await queue.enqueue({ id: 'gpu-1', runnerClass: 'gpu', payload: { n: 0 } })
    await queue.enqueue({ id: 'cpu-1', runnerClass: 'cpu', payload: { n: 1 } })
    await queue.enqueue({ id: 'cpu-2', runnerClass: 'cpu', payload: { n: 2 } })
    await queue.enqueue({ id: 'cpu-urgent', runnerClass: 'cpu', payload: { n: 3 }, priority: 5 })
    expect(await queue.ahead('cpu-2')).toBe(2)
    const order: string[] = []
    for (let next = await queue.claim('cpu', 'r', 1000); next; next = await queue.claim('cpu', 'r', 1000)) {
      order.push(next.job.id)
    }
    expect(order).toEqual(['cpu-urgent', 'cpu-1', 'cpu-2'])
    expect((await queue.get('gpu-1'))?.state).toBe('queued')
  })

  it('enqueues an existing id once', async () => {
    const queue = openQueue()
    await queue.enqueue({ id: 'same', runnerClass: 'cpu', payload: { n: 1 } })
    const again = await queue.enqueue({ id: 'same', runnerClass: 'cpu', payload: { n: 2 } })
    expect(again.payload).toEqual({ n: 1 })
    expect((await queue.counts()).queued).toBe(1)
  })

  it('claims a job again once its lease expired, and heartbeats keep a lease alive', async () => {
    const queue = openQueue()
    await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
    const first = await queue.claim('cpu', 'dead-runner', 1000)
    expect(first?.lease.attempt).toBe(1)

    clock += 900
    expect(await queue.heartbeat(first!.lease, 1000)).toBe(true)
    clock += 900
    expect(await queue.claim('cpu', 'other', 1000)).toBeNull()

    clock += 200 // 1100 ms after the last heartbeat: the first runner is presumed dead
    const second = await queue.claim('cpu', 'other', 1000)
    expect(second?.job.id).toBe('job')
    expect(second?.lease).toEqual({ jobId: 'job', attempt: 2, owner: 'other' })
    expect(await queue.heartbeat(first!.lease, 1000)).toBe(false)
  })

  it('ignores a late completion from a dead attempt and keeps the live one', async () => {
    const queue = openQueue<{ n: number }, { by: string }>()
    await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
    const first = await queue.claim('cpu', 'slow', 1000)
    clock += 5000
    const second = await queue.claim('cpu', 'fast', 1000)

    expect(await queue.progress(first!.lease, { phase: 'stale' })).toBe(false)
    expect(await queue.complete(second!.lease, { by: 'fast' })).toBe('completed')
    expect(await queue.complete(first!.lease, { by: 'slow' })).toBe('stale')
    expect(await queue.complete(second!.lease, { by: 'fast again' })).toBe('stale')

    const finished = await queue.finished()
    expect(finished).toHaveLength(1)
    expect(finished[0]).toMatchObject({ id: 'job', state: 'completed', attempt: 2, result: { by: 'fast' } })
  })

  it('a completion after the lease expired but before anyone claimed it is not lost', async () => {
    const queue = openQueue<{ n: number }, string>()
    await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
    const only = await queue.claim('cpu', 'paused', 1000)
    clock += 5000
    expect(await queue.complete(only!.lease, 'done')).toBe('completed')
    expect(await queue.claim('cpu', 'other', 1000)).toBeNull()
  })

  it('fails a job whose runners keep dying, after its attempts', async () => {
    const queue = openQueue({ maxAttempts: 2 })
    await queue.enqueue({ id: 'poison', runnerClass: 'cpu', payload: { n: 1 } })
    await queue.claim('cpu', 'r1', 1000)
    clock += 2000
    await queue.claim('cpu', 'r2', 1000)
    clock += 2000
    expect(await queue.requeueExpired()).toBe(1)
    const job = await queue.get('poison')
    expect(job).toMatchObject({ state: 'failed', attempt: 2 })
    expect(job?.error).toMatch(/stopped responding 2 times/)
    expect(await queue.claim('cpu', 'r3', 1000)).toBeNull()
  })

  it('lists finished jobs until they are acknowledged', async () => {
    const queue = openQueue<{ n: number }, number>()
    await queue.enqueue({ id: 'ok', runnerClass: 'cpu', payload: { n: 1 } })
    await queue.enqueue({ id: 'bad', runnerClass: 'cpu', payload: { n: 2 } })
    const ok = await queue.claim('cpu', 'r', 1000)
    const bad = await queue.claim('cpu', 'r', 1000)
    await queue.complete(ok!.lease, 42)
    clock += 1
    expect(await queue.fail(bad!.lease, 'pack missing')).toBe('completed')
    expect((await queue.finished()).map((job) => [job.id, job.state, job.result, job.error])).toEqual([
      ['ok', 'completed', 42, null],
      ['bad', 'failed', null, 'pack missing'],
    ])
    await queue.acknowledge('ok')
    expect((await queue.finished()).map((job) => job.id)).toEqual(['bad'])
  })

  it('releases a job back to the queue for the next runner', async () => {
    const queue = openQueue()
    await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
    const first = await queue.claim('cpu', 'stopping', 1000)
    expect(await queue.release(first!.lease)).toBe(true)
    const second = await queue.claim('cpu', 'next', 1000)
    expect(second?.lease.attempt).toBe(2)
    expect(await queue.complete(first!.lease, null)).toBe('stale')
  })

  it('makes progress observable to watchers, another connection included', async () => {
    const runnerSide = openQueue<{ n: number }, string, { step: number }>()
    const serverSide = openQueue<{ n: number }, string, { step: number }>()
    await serverSide.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
    const claimed = await runnerSide.claim('cpu', 'r', 10_000)
    await runnerSide.progress(claimed!.lease, { step: 1 })

    const events: JobEvent<{ step: number }>[] = []
    const stop = serverSide.watch('job', (event) => events.push(event))
    await runnerSide.progress(claimed!.lease, { step: 2 })
    await runnerSide.complete(claimed!.lease, 'ok')
    await expect.poll(() => events.at(-1)).toEqual({ type: 'state', state: 'completed', attempt: 1 })
    stop()

    // The events from before watching first, then what came after; the state ends the stream.
    expect(events.flatMap((event) => (event.type === 'progress' ? [event.event.step] : []))).toEqual([1, 2])
    expect(events.flatMap((event) => (event.type === 'state' ? [event.state] : []))).toEqual([
      'running',
      'completed',
    ])
    expect((await serverSide.progressOf('job')).map((progress) => progress.event)).toEqual([
      { step: 1 },
      { step: 2 },
    ])
    expect((await serverSide.progressOf('job', 1)).map((progress) => progress.seq)).toEqual([2])
  })
})
