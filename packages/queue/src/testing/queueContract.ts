// The behaviour every JobQueue adapter must have, as one vitest suite run against each adapter
// (sqlite/SqliteQueue.test.ts, bullmq/BullQueue.test.ts). Time is the harness's: the SQLite adapter
// advances a fake clock, the BullMQ one waits for real (Redis keeps its own time) and runs BullMQ's
// stalled checker, so leases here are in the harness's `lease` unit.
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobEvent, JobQueue, QueueSignal } from '../JobQueue.ts'

export interface QueueHarness {
  /** A lease long enough that nothing expires by accident, short enough to wait out in a test. */
  lease: number
  /** Set up one test's storage (an empty queue). */
  setUp(): Promise<void>
  tearDown(): Promise<void>
  /** Another connection to the same queue (another process would see the same). */
  open<P, R, E>(options?: { maxAttempts?: number }): Promise<JobQueue<P, R, E>>
  /** Lets `ms` pass, then lets the adapter notice expired leases. */
  elapse(ms: number): Promise<void>
  /**
   * Expired leases are noticed in the background (BullMQ's stalled checker), not only when a runner
   * claims: a completion after its lease expired may then find the job taken back already.
   */
  noticesExpiryInBackground?: boolean
  /** Signals reach listeners on other connections too (BullMQ's pub/sub); SQLite's stay in-process. */
  signalsAcrossConnections?: boolean
  /** Several processes claim from one queue at once: the ids each got (see claimWorker.ts). */
  claimInProcesses(owners: string[]): Promise<string[][]>
}

export function queueContract(name: string, harness: QueueHarness): void {
  describe(`${name} (JobQueue contract)`, () => {
    const lease = harness.lease
    const open: QueueHarness['open'] = (options) => harness.open(options)

    beforeEach(() => harness.setUp())
    afterEach(() => harness.tearDown())

    it('gives every job to exactly one of several claiming processes', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      const total = 120
      for (let n = 0; n < total; n++)
        await queue.enqueue({ id: `job-${n}`, runnerClass: 'cpu', payload: { n } })
      const claimed = (await harness.claimInProcesses(['a', 'b', 'c', 'd'])).flat()
      expect(claimed).toHaveLength(total)
      expect(new Set(claimed).size).toBe(total)
      expect(await queue.counts()).toEqual({ queued: 0, running: 0, completed: total, failed: 0 })
    })

    it('claims jobs of the asked runner class only, by priority then enqueue order', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      await queue.enqueue({ id: 'gpu-1', runnerClass: 'gpu', payload: { n: 0 } })
      await queue.enqueue({ id: 'cpu-1', runnerClass: 'cpu', payload: { n: 1 } })
      await queue.enqueue({ id: 'cpu-2', runnerClass: 'cpu', payload: { n: 2 } })
      await queue.enqueue({ id: 'cpu-urgent', runnerClass: 'cpu', payload: { n: 3 }, priority: 5 })
      expect(await queue.ahead('cpu-2')).toBe(2)
      const order: string[] = []
      for (
        let next = await queue.claim('cpu', 'r', lease);
        next;
        next = await queue.claim('cpu', 'r', lease)
      ) {
        order.push(next.job.id)
      }
      expect(order).toEqual(['cpu-urgent', 'cpu-1', 'cpu-2'])
      expect((await queue.get('gpu-1'))?.state).toBe('queued')
    })

    it('a gpu job goes to any gpu:<adapter> runner and never to a cpu runner', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      await queue.enqueue({ id: 'any-gpu', runnerClass: 'gpu', payload: { n: 0 } })
      await queue.enqueue({ id: 'only-nvidia', runnerClass: 'gpu:nvidia', payload: { n: 1 } })
      expect(await queue.claim('cpu', 'cpu-runner', lease)).toBeNull()
      const swiftshader = await queue.claim('gpu:swiftshader', 'soft', lease)
      expect(swiftshader?.job.id).toBe('any-gpu')
      expect(await queue.claim('gpu:swiftshader', 'soft', lease)).toBeNull()
      expect((await queue.claim('gpu:nvidia', 'card', lease))?.job.id).toBe('only-nvidia')
    })

    it('takes groups in turns: a burst from one group does not starve the others', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      for (let n = 0; n < 6; n++)
        await queue.enqueue({ id: `a-${n}`, runnerClass: 'cpu', payload: { n }, group: 'A' })
      const first = await queue.claim('cpu', 'r', lease)
      expect(first?.job.id).toBe('a-0')
      await queue.enqueue({ id: 'b-0', runnerClass: 'cpu', payload: { n: 0 }, group: 'B' })
      await queue.enqueue({ id: 'b-1', runnerClass: 'cpu', payload: { n: 1 }, group: 'B' })
      await queue.enqueue({ id: 'c-0', runnerClass: 'cpu', payload: { n: 0 }, group: 'C' })
      // A Run (higher priority) still goes first, whoever sent it.
      await queue.enqueue({ id: 'a-run', runnerClass: 'cpu', payload: { n: 9 }, group: 'A', priority: 1 })
      // A had its turn in this round (a-0): B and C come before A's next.
      expect(await queue.ahead('b-0')).toBe(1)
      const order: string[] = []
      for (
        let next = await queue.claim('cpu', 'r', lease);
        next;
        next = await queue.claim('cpu', 'r', lease)
      ) {
        order.push(next.job.id)
      }
      expect(order).toEqual(['a-run', 'b-0', 'c-0', 'a-1', 'b-1', 'a-2', 'a-3', 'a-4', 'a-5'])
    })

    it('enqueues an existing id once', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      await queue.enqueue({ id: 'same', runnerClass: 'cpu', payload: { n: 1 } })
      const again = await queue.enqueue({ id: 'same', runnerClass: 'cpu', payload: { n: 2 } })
      expect(again.payload).toEqual({ n: 1 })
      expect((await queue.counts()).queued).toBe(1)
    })

    it('claims a job again once its lease expired, and heartbeats keep a lease alive', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
      const first = await queue.claim('cpu', 'dead-runner', lease)
      expect(first?.lease.attempt).toBe(1)

      await harness.elapse(lease * 0.6)
      expect(await queue.heartbeat(first!.lease, lease)).toBe(true)
      await harness.elapse(lease * 0.6)
      expect(await queue.claim('cpu', 'other', lease)).toBeNull()

      await harness.elapse(lease * 0.6) // 1.2 leases after the last heartbeat: presumed dead
      const second = await queue.claim('cpu', 'other', lease)
      expect(second?.job.id).toBe('job')
      expect(second?.lease).toEqual({ jobId: 'job', attempt: 2, owner: 'other' })
      expect(await queue.heartbeat(first!.lease, lease)).toBe(false)
    })

    it('ignores a late completion from a dead attempt and keeps the live one', async () => {
      const queue = await open<{ n: number }, { by: string }, unknown>()
      await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
      const first = await queue.claim('cpu', 'slow', lease)
      await harness.elapse(lease * 1.5)
      const second = await queue.claim('cpu', 'fast', lease)
      expect(second?.lease.attempt).toBe(2)

      expect(await queue.progress(first!.lease, { phase: 'stale' })).toBe(false)
      expect(await queue.complete(second!.lease, { by: 'fast' })).toBe('completed')
      expect(await queue.complete(first!.lease, { by: 'slow' })).toBe('stale')
      expect(await queue.complete(second!.lease, { by: 'fast again' })).toBe('stale')

      const finished = await queue.finished()
      expect(finished).toHaveLength(1)
      expect(finished[0]).toMatchObject({ id: 'job', state: 'completed', attempt: 2, result: { by: 'fast' } })
    })

    it.skipIf(harness.noticesExpiryInBackground)(
      'a completion after the lease expired but before anyone claimed it is not lost',
      async () => {
        const queue = await open<{ n: number }, string, unknown>()
        await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
        const only = await queue.claim('cpu', 'paused', lease)
        await sleep(lease * 1.2) // expired, but nobody looked for expired leases yet
        expect(await queue.complete(only!.lease, 'done')).toBe('completed')
        expect(await queue.claim('cpu', 'other', lease)).toBeNull()
        expect((await queue.get('job'))?.result).toBe('done')
      },
    )

    it('fails a job whose runners keep dying, after its attempts', async () => {
      const queue = await open<{ n: number }, unknown, unknown>({ maxAttempts: 2 })
      await queue.enqueue({ id: 'poison', runnerClass: 'cpu', payload: { n: 1 } })
      await queue.enqueue({ id: 'fine', runnerClass: 'cpu', payload: { n: 2 } })
      expect((await queue.claim('cpu', 'r1', lease))?.job.id).toBe('poison')
      await harness.elapse(lease * 1.5)
      expect((await queue.claim('cpu', 'r2', lease))?.job.id).toBe('poison')
      await harness.elapse(lease * 1.5)
      // The next claim finds the poison job out of attempts and takes the next one.
      expect((await queue.claim('cpu', 'r3', lease))?.job.id).toBe('fine')
      const job = await queue.get('poison')
      expect(job).toMatchObject({ state: 'failed', attempt: 2 })
      expect(job?.error).toMatch(/stopped responding 2 times/)
      expect(await queue.claim('cpu', 'r4', lease)).toBeNull()
    })

    it('lists finished jobs until they are acknowledged', async () => {
      const queue = await open<{ n: number }, number, unknown>()
      await queue.enqueue({ id: 'ok', runnerClass: 'cpu', payload: { n: 1 } })
      await queue.enqueue({ id: 'bad', runnerClass: 'cpu', payload: { n: 2 } })
      const ok = await queue.claim('cpu', 'r', lease)
      const bad = await queue.claim('cpu', 'r', lease)
      await queue.complete(ok!.lease, 42)
      await harness.elapse(5)
      expect(await queue.fail(bad!.lease, 'pack missing')).toBe('completed')
      expect((await queue.finished()).map((job) => [job.id, job.state, job.result, job.error])).toEqual([
        ['ok', 'completed', 42, null],
        ['bad', 'failed', null, 'pack missing'],
      ])
      await queue.acknowledge('ok')
      expect((await queue.finished()).map((job) => job.id)).toEqual(['bad'])
    })

    it('releases a job back to the queue for the next runner', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      await queue.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
      const first = await queue.claim('cpu', 'stopping', lease)
      expect(await queue.release(first!.lease)).toBe(true)
      const second = await queue.claim('cpu', 'next', lease)
      expect(second?.lease.attempt).toBe(2)
      expect(await queue.complete(first!.lease, null)).toBe('stale')
    })

    it('makes progress observable to watchers, another connection included', async () => {
      const runnerSide = await open<{ n: number }, string, { step: number }>()
      const serverSide = await open<{ n: number }, string, { step: number }>()
      await serverSide.enqueue({ id: 'job', runnerClass: 'cpu', payload: { n: 1 } })
      const claimed = await runnerSide.claim('cpu', 'r', lease * 10)
      await runnerSide.progress(claimed!.lease, { step: 1 })

      const events: JobEvent<{ step: number }>[] = []
      const stop = serverSide.watch('job', (event) => events.push(event))
      await expect.poll(() => events.length).toBe(2)
      await runnerSide.progress(claimed!.lease, { step: 2 })
      await expect.poll(() => events.length).toBe(3)
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

    it('keeps the latest heartbeat of each runner and tells online from offline', async () => {
      const queue = await open<unknown, unknown, unknown>()
      const beat = {
        runnerClass: 'cpu',
        host: 'host-a',
        pid: 1,
        name: 'runner-0',
        startedAt: new Date(1_000),
        jobsDone: 0,
        currentJob: null,
        beatMs: lease,
      }
      await queue.announce({ ...beat, id: 'a' })
      await queue.announce({ ...beat, id: 'b', runnerClass: 'gpu:swiftshader' })
      await queue.announce({ ...beat, id: 'a', jobsDone: 3, currentJob: 'job-7' })
      await queue.announce({ ...beat, id: 'c', stopped: true })
      const runners = await queue.runners()
      expect(runners.map((runner) => [runner.id, runner.online]).sort()).toEqual([
        ['a', true],
        ['b', true],
        ['c', false],
      ])
      expect(runners.find((runner) => runner.id === 'a')).toMatchObject({
        jobsDone: 3,
        currentJob: 'job-7',
        runnerClass: 'cpu',
        startedAt: new Date(1_000),
      })
      await harness.elapse(lease * 3.5)
      expect((await queue.runners()).filter((runner) => runner.online)).toEqual([])
    })

    it("a lane's claim takes only jobs of its priority and leaves the rest to the main claim", async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      await queue.enqueue({ id: 'submit-1', runnerClass: 'cpu', payload: { n: 0 } })
      await queue.enqueue({ id: 'submit-2', runnerClass: 'cpu', payload: { n: 1 } })
      // The main claim holds a Submit; the lane finds no Run and must not take the other Submit.
      const submit = await queue.claim('cpu', 'main', lease)
      expect(submit?.job.id).toBe('submit-1')
      expect(await queue.claim('cpu', 'lane', lease, { minPriority: 1 })).toBeNull()
      await queue.enqueue({ id: 'run-1', runnerClass: 'cpu', payload: { n: 2 }, priority: 1 })
      await queue.enqueue({ id: 'gpu-run', runnerClass: 'gpu', payload: { n: 3 }, priority: 1 })
      const run = await queue.claim('cpu', 'lane', lease, { minPriority: 1 })
      expect(run?.job.id).toBe('run-1')
      expect(run?.job.attempt).toBe(1)
      expect(await queue.claim('cpu', 'lane', lease, { minPriority: 1 })).toBeNull()
      // The Submit the lane passed over is untouched: first attempt, next for the main claim.
      const next = await queue.claim('cpu', 'main', lease)
      expect(next?.job.id).toBe('submit-2')
      expect(next?.job.attempt).toBe(1)
      expect((await queue.get('submit-2'))?.owner).toBe('main')
      // A gpu runner's lane takes the gpu family's Runs the same way.
      expect((await queue.claim('gpu:nvidia', 'gpu-lane', lease, { minPriority: 1 }))?.job.id).toBe('gpu-run')
    })

    it('counts the jobs ahead of at least a priority apart: the Runs before a Submit', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      await queue.enqueue({ id: 'submit-1', runnerClass: 'cpu', payload: { n: 0 } })
      await queue.enqueue({ id: 'submit-2', runnerClass: 'cpu', payload: { n: 1 } })
      await queue.enqueue({ id: 'run-1', runnerClass: 'cpu', payload: { n: 2 }, priority: 1 })
      await queue.enqueue({ id: 'run-2', runnerClass: 'cpu', payload: { n: 3 }, priority: 1 })
      await queue.enqueue({ id: 'gpu-run', runnerClass: 'gpu', payload: { n: 4 }, priority: 1 })
      expect(await queue.ahead('submit-2')).toBe(3)
      expect(await queue.ahead('submit-2', { minPriority: 1 })).toBe(2)
      expect(await queue.ahead('run-2')).toBe(1)
      expect(await queue.ahead('run-2', { minPriority: 1 })).toBe(1)
      expect(await queue.ahead('gpu-run', { minPriority: 1 })).toBe(0)
      // A Run given back goes first again and is still a Run.
      const run = await queue.claim('cpu', 'r', lease)
      expect(run?.job.id).toBe('run-1')
      expect(await queue.ahead('submit-2', { minPriority: 1 })).toBe(1)
      await queue.release(run!.lease)
      expect(await queue.ahead('submit-2')).toBe(3)
      expect(await queue.ahead('submit-2', { minPriority: 1 })).toBe(2)
      // With the Runs gone, only the Submit given back is ahead, and it is no Run.
      for (const id of ['run-1', 'run-2']) expect((await queue.claim('cpu', 'r', lease))?.job.id).toBe(id)
      const submit = await queue.claim('cpu', 'r', lease)
      expect(submit?.job.id).toBe('submit-1')
      await queue.release(submit!.lease)
      expect(await queue.ahead('submit-2')).toBe(1)
      expect(await queue.ahead('submit-2', { minPriority: 1 })).toBe(0)
      expect(await queue.ahead('submit-2', { minPriority: 0 })).toBe(1)
    })

    it('pushes a signal when a job is enqueued, given back and finished', async () => {
      const queue = await open<{ n: number }, unknown, unknown>()
      const listener = harness.signalsAcrossConnections
        ? await open<{ n: number }, unknown, unknown>()
        : queue
      const signals: QueueSignal[] = []
      listener.onSignal((signal) => signals.push(signal))
      await sleep(50) // a subscription may take a round trip to be in place
      const seen = async (expected: QueueSignal) => {
        for (let waited = 0; waited < 2000; waited += 10) {
          if (signals.some((signal) => JSON.stringify(signal) === JSON.stringify(expected))) return
          await sleep(10)
        }
        throw new Error(`no signal ${JSON.stringify(expected)}; got ${JSON.stringify(signals)}`)
      }
      await queue.enqueue({ id: 'job-1', runnerClass: 'cpu', payload: { n: 1 } })
      await seen({ type: 'enqueued', runnerClass: 'cpu' })
      const first = await queue.claim('cpu', 'r', lease)
      signals.length = 0
      await queue.release(first!.lease)
      await seen({ type: 'enqueued', runnerClass: 'cpu' })
      const second = await queue.claim('cpu', 'r', lease)
      await queue.complete(second!.lease, 42)
      await seen({ type: 'finished', id: 'job-1' })
    })
  })
}
