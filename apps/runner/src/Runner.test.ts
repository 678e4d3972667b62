import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGrader } from '@arena/grader'
import { loadPack } from '@arena/packs'
import { type GradeJobPayload, RUN_PRIORITY, SqliteQueue, SUBMIT_PRIORITY } from '@arena/queue'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gradeHandler } from './gradeHandler.ts'
import { PackVersions } from './PackVersions.ts'
import { type JobHandler, Runner, type RunnerOptions } from './Runner.ts'

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/packs', import.meta.url))

let dir: string
let queue: SqliteQueue
const runners: Runner[] = []

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-runner-'))
  queue = new SqliteQueue({ file: path.join(dir, 'queue.sqlite'), maxAttempts: 2 })
})
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()))
  await queue.close()
  rmSync(dir, { recursive: true, force: true })
})

function start(options: Partial<RunnerOptions> & Pick<RunnerOptions, 'handlers'>): Runner {
  const runner = new Runner({
    queue,
    runnerClass: 'cpu',
    name: 'test-runner',
    leaseMs: 300,
    idleMs: 10,
    beatMs: 50,
    log: pino({ level: 'silent' }),
    ...options,
  }).start()
  runners.push(runner)
  return runner
}

async function settled(id: string) {
  await expect.poll(async () => (await queue.get(id))?.state, { timeout: 10_000 }).toMatch(/completed|failed/)
  return queue.get(id)
}

describe('Runner', () => {
  it('hands each job to the handler of its kind, and fails a kind it has no handler for', async () => {
    const double: JobHandler = async (job, { onProgress }) => {
      onProgress({ step: 'doubling' })
      return (job.payload as { n: number }).n * 2
    }
    start({ handlers: { grade: double } })
    await queue.enqueue({ id: 'plain', runnerClass: 'cpu', payload: { n: 21 } })
    await queue.enqueue({ id: 'other', runnerClass: 'cpu', payload: { kind: 'pack-test', n: 1 } })
    expect(await settled('plain')).toMatchObject({ state: 'completed', result: 42 })
    expect((await queue.progressOf('plain')).map((each) => each.event)).toEqual([{ step: 'doubling' }])
    const other = await settled('other')
    expect(other).toMatchObject({ state: 'failed' })
    expect(other?.error).toMatch(/cannot do jobs of kind "pack-test"/)
  })

  it('abandons a job past its deadline; the queue retries it, then fails it as given up', async () => {
    let started = 0
    const hang: JobHandler = (_job, { signal }) =>
      new Promise((_resolve, reject) => {
        started++
        signal.addEventListener('abort', () => reject(new Error('aborted')))
      })
    start({ handlers: { grade: hang }, jobDeadlineMs: 100 })
    await queue.enqueue({ id: 'stuck', runnerClass: 'cpu', payload: {} })
    const stuck = await settled('stuck')
    expect(stuck).toMatchObject({ state: 'failed', attempt: 2 })
    expect(stuck?.error).toMatch(/stopped responding 2 times/)
    expect(started).toBe(2)
  })

  it('works on --concurrency jobs at once, each with its own lease', async () => {
    let inFlight = 0
    let most = 0
    const overlap: JobHandler = async () => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 150))
      inFlight--
      return 'ok'
    }
    start({ handlers: { grade: overlap }, concurrency: 2 })
    for (let n = 0; n < 4; n++) await queue.enqueue({ id: `job-${n}`, runnerClass: 'cpu', payload: {} })
    for (let n = 0; n < 4; n++)
      expect(await settled(`job-${n}`)).toMatchObject({ state: 'completed', attempt: 1 })
    expect(most).toBe(2)
  })

  it('tells the registry what it does, and that it stopped', async () => {
    let release: () => void = () => {}
    const slow: JobHandler = () => new Promise((resolve) => (release = () => resolve('ok')))
    const runner = start({ handlers: { grade: slow } })
    await queue.enqueue({ id: 'job-1', runnerClass: 'cpu', payload: {} })
    await expect
      .poll(async () => (await queue.runners()).find((each) => each.id === runner.id)?.currentJob)
      .toBe('job-1')
    release()
    await settled('job-1')
    await expect
      .poll(async () => (await queue.runners()).find((each) => each.id === runner.id))
      .toMatchObject({ currentJob: null, jobsDone: 1, online: true, runnerClass: 'cpu', name: 'test-runner' })
    await runner.stop()
    expect((await queue.runners()).find((each) => each.id === runner.id)?.online).toBe(false)
  })

  it('claims a job enqueued while it idles at once, not after its idle pause', async () => {
    const finished: string[] = []
    start({ handlers: { grade: async () => 'ok' }, idleMs: 600_000, onFinished: (id) => finished.push(id) })
    // Both slots have looked and found nothing: they idle for ten minutes unless woken.
    await new Promise((resolve) => setTimeout(resolve, 100))
    await queue.enqueue({ id: 'job-1', runnerClass: 'cpu', payload: {} })
    expect(await settled('job-1')).toMatchObject({ state: 'completed', result: 'ok' })
    expect(finished).toEqual(['job-1'])
  })

  it("grades a Run in its lane while the runner's only slot grades a Submit (real grader and isolates)", {
    timeout: 120_000,
  }, async () => {
    const grader = createGrader({ workers: 2 })
    try {
      const pack = await loadPack(path.join(FIXTURES, 'fixture'))
      const realGrade = gradeHandler(grader, new PackVersions(FIXTURES, undefined))
      const source = (await import('node:fs')).readFileSync(
        path.join(FIXTURES, 'fixture/sum-array/reference.ts'),
        'utf8',
      )
      // The Submit is graded for real, then held in its slot until the Run's verdict is in: the Run
      // must not need the slot.
      let releaseSubmit: () => void = () => {}
      const submitHeld = new Promise<void>((resolve) => (releaseSubmit = resolve))
      let submitGraded = false
      const grade: JobHandler = async (job, context) => {
        const result = await realGrade(job, context)
        if ((job.payload as GradeJobPayload).mode === 'full') {
          submitGraded = true
          await submitHeld
        }
        return result
      }
      start({ handlers: { grade }, concurrency: 1, laneMinPriority: RUN_PRIORITY, idleMs: 50 })
      const payload = (submissionId: number, mode: 'samples' | 'full'): GradeJobPayload => ({
        submissionId,
        challengeId: 'fixture/sum-array',
        packId: 'fixture',
        slug: 'sum-array',
        packHash: pack.hash,
        source,
        mode,
      })
      await queue.enqueue({
        id: 'submit',
        runnerClass: 'cpu',
        payload: payload(1, 'full'),
        priority: SUBMIT_PRIORITY,
      })
      await expect.poll(async () => (await queue.get('submit'))?.state).toBe('running')
      await queue.enqueue({
        id: 'run',
        runnerClass: 'cpu',
        payload: payload(2, 'samples'),
        priority: RUN_PRIORITY,
      })
      const run = await settled('run')
      expect(run).toMatchObject({ state: 'completed', result: { status: 'Accepted' } })
      expect((await queue.get('submit'))?.state).toBe('running')
      releaseSubmit()
      expect(await settled('submit')).toMatchObject({ state: 'completed', result: { status: 'Accepted' } })
      expect(submitGraded).toBe(true)
    } finally {
      await Promise.all(runners.splice(0).map((runner) => runner.stop()))
      await grader.close()
    }
  })

  it('keeps a Submit out of the lane: a second Submit waits for the slot', async () => {
    let release: () => void = () => {}
    const started: string[] = []
    const slow: JobHandler = (job) => {
      started.push(job.id)
      return job.id === 'submit-1'
        ? new Promise((resolve) => (release = () => resolve('ok')))
        : Promise.resolve('ok')
    }
    start({ handlers: { grade: slow }, concurrency: 1, laneMinPriority: RUN_PRIORITY })
    await queue.enqueue({ id: 'submit-1', runnerClass: 'cpu', payload: {} })
    await expect.poll(() => started).toEqual(['submit-1'])
    await queue.enqueue({ id: 'submit-2', runnerClass: 'cpu', payload: {} })
    await queue.enqueue({ id: 'run', runnerClass: 'cpu', payload: {}, priority: RUN_PRIORITY })
    expect(await settled('run')).toMatchObject({ state: 'completed' })
    expect((await queue.get('submit-2'))?.state).toBe('queued')
    release()
    expect(await settled('submit-2')).toMatchObject({ state: 'completed' })
    expect(started).toEqual(['submit-1', 'run', 'submit-2'])
  })
})
