// Issue 16, point 7: boards per runner class. Scores compare only within one runner class, so every
// class with results has its own challenge board (and rating board); the board lists the classes for
// the page's selector and opens on the challenge's own kind (a GPU challenge: its GPU class). Real
// server, real SQLite file; results are stored through the real queue, then moved to the runner class
// a GPU runner would have graded them on (the fake runner claims as `cpu`).
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Board } from '../api/gameTypes.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { submitGraded } from '../testing/fakeRunner.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
const CHALLENGE = 'fixture/sum-array'
const GPU = 'gpu:nvidia-h100-80gb-hbm3'
const NOTE = 'Timed on a software GPU (SwiftShader, `gpu:swiftshader`): no score and no tier.'

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
})
afterAll(() => server.stop())

async function data<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.data as T
}

function sql(statement: string, ...params: unknown[]): void {
  const db = new Database(server.config.dbFile)
  try {
    db.prepare(statement).run(...params)
  } finally {
    db.close()
  }
}

/** A learner with one graded result on `runnerClass` (stored as the runner of that class would). */
async function learner(name: string, runnerClass: string, grade: Parameters<typeof submitGraded>[3]) {
  const client = server.client()
  await client.signup(name)
  const id = await submitGraded(client, server.config.dbFile, CHALLENGE, grade)
  sql('UPDATE submissions SET runner_class = ? WHERE id = ?', runnerClass, id)
  return { client, id }
}

const board = (client: ApiClient, input: Record<string, unknown> = {}) =>
  data<Board>(client.query('leaderboard.challenge', { challengeId: CHALLENGE, ...input }))

describe('challenge boards per runner class', () => {
  let viewer: ApiClient

  beforeAll(async () => {
    viewer = (await learner('cpu-ann', 'cpu', { verdict: 'Accepted', score: 1.2 })).client
    await learner('gpu-bo', GPU, { verdict: 'Accepted', score: 3 })
    await learner('gpu-cy', GPU, { verdict: 'Accepted', score: 2 })
    // A software GPU's result: correct, unscored, on no board and in no class list.
    await learner('soft-di', 'gpu:swiftshader', { verdict: 'Accepted', unscored: NOTE })
  })

  it('lists every class with ranked results, and shows each class its own results', async () => {
    const cpu = await board(viewer)
    expect(cpu.runnerClass).toBe('cpu')
    expect(cpu.runnerClasses).toEqual([
      { runnerClass: GPU, learners: 2 },
      { runnerClass: 'cpu', learners: 1 },
    ])
    expect(cpu.rows.map((row) => row.username)).toEqual(['cpu-ann'])

    const gpu = await board(viewer, { runnerClass: GPU })
    expect(gpu.runnerClass).toBe(GPU)
    expect(gpu.rows.map((row) => [row.username, row.value])).toEqual([
      ['gpu-bo', 3],
      ['gpu-cy', 2],
    ])
    expect(gpu.you).toBeNull()

    const soft = await board(viewer, { runnerClass: 'gpu:swiftshader' })
    expect(soft.rows).toEqual([])
    expect(soft.total).toBe(0)
  })

  it('a gpu challenge opens on its gpu class with results', async () => {
    sql(
      `UPDATE challenges SET config = json_set(config, '$.runners', json('["gpu"]')) WHERE key = ?`,
      CHALLENGE,
    )
    try {
      const gpu = await board(viewer)
      expect(gpu.runnerClass).toBe(GPU)
      expect(gpu.rows.map((row) => row.username)).toEqual(['gpu-bo', 'gpu-cy'])
      // The "how you compare" chart opens on the same class.
      const spread = await data<{ runnerClass: string; scores: number[] }>(
        viewer.query('stats.distribution', { challengeId: CHALLENGE }),
      )
      expect(spread.runnerClass).toBe(GPU)
      expect(spread.scores.length).toBe(2)
    } finally {
      sql(
        `UPDATE challenges SET config = json_set(config, '$.runners', json('["cpu"]')) WHERE key = ?`,
        CHALLENGE,
      )
    }
  })

  it('marks a row whose measurement the grader found noisy', async () => {
    const { id } = await learner('noisy-ed', 'cpu', { verdict: 'Accepted', score: 0.9 })
    sql(`UPDATE submissions SET result = json_set(result, '$.perf.noisy', json('true')) WHERE id = ?`, id)
    const cpu = await board(viewer)
    const row = cpu.rows.find((each) => each.username === 'noisy-ed')
    expect(row?.noisy).toBe(true)
    expect(cpu.rows.find((each) => each.username === 'cpu-ann')?.noisy).toBeUndefined()
  })

  it('rating boards list the classes someone is rated on', async () => {
    const rating = await data<Board>(viewer.query('leaderboard.global', { by: 'rating' }))
    expect(rating.runnerClass).toBe('cpu')
    expect(rating.runnerClasses?.map((each) => each.runnerClass)).toContain('cpu')
  })
})
