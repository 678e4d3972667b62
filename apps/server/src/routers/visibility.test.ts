// Who may see what, against the real server and SQLite file: a private pack (for one group) and a
// draft pack exist; people outside them get the same "not found" as for ids that do not exist, and
// nothing of them (title, id) shows up on the pages of other groups they were assigned to.
import {
  createAuthoredPack,
  openDatabase,
  publishAuthoredVersion,
  setPackVisibility,
  setUserRole,
} from '@arena/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient, ApiResult } from '../testing/ApiClient.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

const SECRET = 'secret/hidden-gem'
const SECRET_TITLE = 'Secret Gem Title'
const DRAFT = 'drafty/unfinished'

let server: TestServer
let teacher: ApiClient
let coTeacher: ApiClient
let insider: ApiClient
let outsider: ApiClient
let secretGroup: number
let classGroup: number

async function data<T>(promise: Promise<ApiResult<T>>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.data
}

async function user(name: string): Promise<ApiClient> {
  const client = server.client()
  await data(client.signup(name))
  return client
}

/** A published authored pack of one challenge, written as publishing writes it. */
function publish(
  db: ReturnType<typeof openDatabase>,
  packId: string,
  slug: string,
  title: string,
  ownerId: number,
) {
  createAuthoredPack(db, { packId, ownerId })
  publishAuthoredVersion(db, {
    packId,
    label: '1',
    hash: `hash-of-${packId}`,
    title: `${title} pack`,
    titleKo: null,
    publishedBy: ownerId,
    files: {},
    challenges: [
      {
        slug,
        title,
        titleKo: null,
        topic: 'parallel',
        difficulty: 'easy',
        xp: 10,
        config: {
          metric: 'time',
          entry: 'solve',
          runners: ['cpu'],
          engines: [],
          clock: 'cpu',
          limits: { cpuMs: 1000, wallMs: 2000, memoryMb: 64, outputKb: 64 },
        },
        statement: `# ${title}`,
        statementKo: null,
        starter: '',
        dts: '',
        samples: [],
      },
    ],
  })
}

/** The answer with the id it names taken out: missing and forbidden must read alike. */
function shape(result: ApiResult, id: string): unknown {
  return result.ok
    ? { ok: true }
    : { status: result.status, code: result.error.code, message: result.error.message.replaceAll(id, '<id>') }
}

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
  teacher = await user('vis-teacher')
  coTeacher = await user('vis-coteacher')
  insider = await user('vis-insider')
  outsider = await user('vis-outsider')
  secretGroup = (
    await data(teacher.mutation<{ id: number; inviteCode: string }>('group.create', { name: 'Secret' }))
  ).id
  const secretCode = (
    await data(teacher.query<{ inviteCode: string }>('group.get', { groupId: secretGroup }))
  ).inviteCode
  await data(insider.mutation('group.join', { code: secretCode }))
  const classCreated = await data(
    teacher.mutation<{ id: number; inviteCode: string }>('group.create', { name: 'Class' }),
  )
  classGroup = classCreated.id
  for (const member of [coTeacher, outsider]) {
    await data(member.mutation('group.join', { code: classCreated.inviteCode }))
  }
  const coTeacherId = (
    await data(
      teacher.query<{ members: { userId: number; username: string }[] }>('group.get', {
        groupId: classGroup,
      }),
    )
  ).members.find((member) => member.username === 'vis-coteacher')?.userId
  await data(
    teacher.mutation('group.setRole', { groupId: classGroup, userId: coTeacherId, role: 'instructor' }),
  )

  const db = openDatabase(server.config.dbFile)
  try {
    for (const name of ['vis-teacher', 'vis-coteacher']) setUserRole(db, name, 'instructor')
    const teacherId = (
      db.$client.prepare(`SELECT id FROM users WHERE username = 'vis-teacher'`).get() as { id: number }
    ).id
    publish(db, 'secret', 'hidden-gem', SECRET_TITLE, teacherId)
    setPackVisibility(db, 'secret', 'private', secretGroup)
    publish(db, 'drafty', 'unfinished', 'Unfinished Draft Title', teacherId)
    setPackVisibility(db, 'drafty', 'draft', null)
  } finally {
    db.$client.close()
  }
}, 60_000)
afterAll(() => server.stop())

describe('drafts of learners', () => {
  it('saves a draft of a private challenge for its group only; for others it reads as missing', async () => {
    expect(await insider.mutation('draft.save', { challengeId: SECRET, source: '// mine' })).toMatchObject({
      ok: true,
    })
    const missing = await outsider.mutation('draft.save', {
      challengeId: 'secret/no-such-thing',
      source: 'x',
    })
    const otherPack = await outsider.mutation('draft.save', { challengeId: 'nopack/nothing', source: 'x' })
    for (const id of [SECRET, DRAFT]) {
      const forbidden = await outsider.mutation('draft.save', { challengeId: id, source: 'x' })
      expect(forbidden).toMatchObject({ ok: false, status: 404 })
      expect(shape(forbidden, id)).toEqual(shape(missing, 'secret/no-such-thing'))
      expect(shape(forbidden, id)).toEqual(shape(otherPack, 'nopack/nothing'))
    }
  })
})

describe('assignments', () => {
  it('shows a private challenge assigned to another group to nobody there who may not see it', async () => {
    // The teacher sees the private pack (they teach its group) and assigns it to their other group.
    expect(
      await teacher.mutation('group.assign', { groupId: classGroup, challengeId: SECRET }),
    ).toMatchObject({
      ok: true,
    })
    expect(await teacher.mutation('group.assign', { groupId: classGroup, packId: 'drafty' })).toMatchObject({
      ok: true,
    })
    expect(
      await teacher.mutation('group.assign', { groupId: classGroup, challengeId: 'fixture/sum-array' }),
    ).toMatchObject({
      ok: true,
    })
    for (const [viewer, paths] of [
      [outsider, ['group.get', 'group.board']],
      [coTeacher, ['group.get', 'group.board', 'group.matrix', 'group.csv']],
    ] as const) {
      for (const path of paths) {
        const answer = await data(viewer.query(path, { groupId: classGroup }))
        const text = JSON.stringify(answer)
        expect(text, path).not.toContain(SECRET_TITLE)
        expect(text, path).not.toContain('hidden-gem')
        expect(text, path).not.toContain('Unfinished Draft')
        expect(text, path).not.toContain('drafty')
      }
    }
    const seen = await data(
      outsider.query<{ assignments: { challenges: { id: string }[] }[] }>('group.get', {
        groupId: classGroup,
      }),
    )
    expect(
      seen.assignments.flatMap((assignment) => assignment.challenges.map((challenge) => challenge.id)),
    ).toEqual(['fixture/sum-array'])
    // The teacher, who may see them, still does.
    expect(JSON.stringify(await data(teacher.query('group.get', { groupId: classGroup })))).toContain(
      SECRET_TITLE,
    )
  })

  it('lets nobody assign what they may not see, with the answer of a challenge that does not exist', async () => {
    const missing = await coTeacher.mutation('group.assign', {
      groupId: classGroup,
      challengeId: 'secret/no-such-thing',
    })
    const forbidden = await coTeacher.mutation('group.assign', { groupId: classGroup, challengeId: SECRET })
    expect(forbidden).toMatchObject({ ok: false, status: 404 })
    expect(shape(forbidden, SECRET)).toEqual(shape(missing, 'secret/no-such-thing'))
    const pack = await coTeacher.mutation('group.assign', { groupId: classGroup, packId: 'secret' })
    const noPack = await coTeacher.mutation('group.assign', { groupId: classGroup, packId: 'nopack' })
    expect(shape(pack, 'secret')).toEqual(shape(noPack, 'nopack'))
  })
})

describe('challenge pages, boards, statistics and references', () => {
  it('answers every query about a private or draft challenge as about a missing one', async () => {
    const queries: [string, (id: string) => unknown][] = [
      ['challenge.get', (id) => ({ id })],
      ['leaderboard.challenge', (id) => ({ challengeId: id })],
      ['stats.distribution', (id) => ({ challengeId: id })],
    ]
    for (const [path, input] of queries) {
      const missing = await outsider.query(path, input('secret/no-such-thing'))
      for (const id of [SECRET, DRAFT]) {
        const forbidden = await outsider.query(path, input(id))
        expect(shape(forbidden, id), path).toEqual(shape(missing, 'secret/no-such-thing'))
      }
      expect(await insider.query(path, input(SECRET)), path).toMatchObject({ ok: true })
    }
  })

  it('answers the reference of a private challenge 404 whatever the hash, as for a missing one', async () => {
    const get = async (key: string, hash: string) => {
      const response = await fetch(`${server.url}/local-run/${key}/${hash}/reference.json`, {
        headers: { cookie: outsider.cookieHeader() },
      })
      return { status: response.status, text: (await response.text()).replace(key, '<id>') }
    }
    const missing = await get('secret/no-such-thing', 'hash-of-secret')
    expect(missing.status).toBe(404)
    for (const hash of ['hash-of-secret', 'another-hash']) {
      expect(await get(SECRET, hash)).toEqual(missing)
    }
  })

  it("answers another instructor's re-grades and pack tests as missing ones", async () => {
    const missing = await coTeacher.mutation('authoring.regrade', { challengeId: 'secret/no-such-thing' })
    const forbidden = await coTeacher.mutation('authoring.regrade', { challengeId: SECRET })
    expect(forbidden).toMatchObject({ ok: false, status: 404 })
    expect(shape(forbidden, SECRET)).toEqual(shape(missing, 'secret/no-such-thing'))
  })
})
