import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SqliteQueue } from '@arena/queue'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type JobHandler, Runner, type RunnerOptions } from './Runner.ts'

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
})
