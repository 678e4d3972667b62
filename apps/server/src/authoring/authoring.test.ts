// Authoring on the web against the real server: a temporary SQLite file, one real runner process for
// `pack test` jobs, real zips. Uploads that must be refused (and store nothing), the export round trip,
// publishing only tested content, and who sees a published pack.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { loadPack, validatePack } from '@arena/packs'
import Database from 'better-sqlite3'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackDraftView, PackTestProgress, PackTestView } from '../api/authoringTypes.ts'
import { REPO_ROOT } from '../config.ts'
import type { ApiClient, ApiResult } from '../testing/ApiClient.ts'
import { FIXTURE_PACKS, startTestServer, type TestServer } from '../testing/testServer.ts'
import { EXPORT_PATH, UPLOAD_PATH, type UploadAnswer } from './packFileRoutes.ts'
import type { PackFiles } from './packFiles.ts'
import { readPackFolder } from './packFolder.ts'

let server: TestServer
let fixture: PackFiles

beforeAll(async () => {
  server = await startTestServer({
    runners: 1,
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
  fixture = await readPackFolder(path.join(FIXTURE_PACKS, 'fixture'))
}, 60_000)
afterAll(() => server?.stop())

/** The fixture pack under another id (the fixture's own id belongs to the repository's pack). */
function packFiles(packId: string, change: (files: PackFiles) => void = () => {}): PackFiles {
  const files = {
    ...fixture,
    'pack.yaml': (fixture['pack.yaml'] ?? '').replace(/^id: fixture$/m, `id: ${packId}`),
  }
  change(files)
  return files
}

function zipOf(files: PackFiles, folder = ''): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([name, text]) => [`${folder}${name}`, strToU8(text)])),
  )
}

async function user(name: string, role?: 'instructor' | 'admin'): Promise<ApiClient> {
  const client = server.client()
  await data(client.signup(name))
  if (role) {
    const db = new Database(server.config.dbFile)
    db.prepare('UPDATE users SET role = ? WHERE username = ?').run(role, name)
    db.close()
  }
  return client
}

async function upload(client: ApiClient, bytes: Uint8Array): Promise<{ status: number; body: UploadAnswer }> {
  const response = await fetch(`${server.url}${UPLOAD_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/zip',
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-csrf-token': client.cookies.get('arena_csrf') ?? '',
    },
    body: bytes,
  })
  return { status: response.status, body: (await response.json()) as UploadAnswer }
}

async function data<T>(promise: Promise<ApiResult<T>>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.data
}

/** Runs "Test pack" and waits for the stored result through the live progress subscription. */
async function testPack(
  client: ApiClient,
  packId: string,
): Promise<{ test: PackTestView; events: PackTestProgress[] }> {
  const started = await data(client.mutation<PackTestView>('authoring.test', { packId }))
  const events = await client.subscribe<PackTestProgress>(
    'authoring.testProgress',
    { testId: started.id },
    { stopWhen: (event) => event.type === 'done', timeoutMs: 170_000 },
  )
  const done = events.at(-1)
  if (done?.type !== 'done') throw new Error(`no result: ${JSON.stringify(events)}`)
  return { test: done.test, events }
}

describe('uploads that must be refused store nothing', () => {
  let teacher: ApiClient
  beforeAll(async () => {
    teacher = await user('teacher-upload', 'instructor')
  })

  it('learners may not author', async () => {
    const learner = await user('learner-upload')
    expect(await learner.query('authoring.mine')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect((await upload(learner, zipOf(packFiles('sneaky')))).status).toBe(403)
  })

  it('refuses a zip with a ".." path, naming it', async () => {
    const bytes = zipOf({ ...packFiles('escape'), '../../evil.ts': 'export {}' })
    const { status, body } = await upload(teacher, bytes)
    expect(status).toBe(400)
    expect(body).toMatchObject({
      ok: false,
      problems: [{ file: '../../evil.ts', message: expect.stringContaining('..') }],
    })
  })

  it('refuses a 1 GB entry from the central directory, before inflating anything', async () => {
    const bytes = zipSync(
      { 'pack.yaml': strToU8('id: big\n'), 'big.csv': strToU8('x'.repeat(64)) },
      { level: 0 },
    )
    claimUncompressedSize(bytes, 'big.csv', 1024 ** 3)
    const { status, body } = await upload(teacher, bytes)
    expect(status).toBe(400)
    expect(body.ok).toBe(false)
    expect(!body.ok && body.problems).toEqual([
      expect.objectContaining({
        file: 'big.csv',
        message: '1.0 GB uncompressed; a file may be at most 1.0 MB',
      }),
      expect.objectContaining({
        file: 'upload',
        message: '1.0 GB uncompressed in all; a pack may be at most 8.0 MB',
      }),
    ])
  })

  it('refuses a file over the limit and too many files', async () => {
    const large = await upload(
      teacher,
      zipOf({ ...packFiles('large'), 'data.txt': 'a'.repeat(2 * 1024 * 1024) }),
    )
    expect(large.status).toBe(400)
    expect(large.body).toMatchObject({
      problems: [{ file: 'data.txt', message: expect.stringContaining('2.0 MB') }],
    })
    const many: PackFiles = packFiles('many')
    for (let i = 0; i < 400; i++) many[`notes/n${i}.md`] = 'note'
    const crowded = await upload(teacher, zipOf(many))
    expect(crowded.status).toBe(400)
    expect(crowded.body).toMatchObject({
      problems: [{ file: 'upload', message: expect.stringContaining('at most 300') }],
    })
  })

  it('refuses bad YAML and a missing reference, naming the file, line and reason', async () => {
    const badYaml = await upload(
      teacher,
      zipOf(
        packFiles('bad-yaml', (files) => {
          files['sum-array/challenge.yaml'] = (files['sum-array/challenge.yaml'] ?? '').replace(
            'xp: 10',
            'xp: [10',
          )
        }),
      ),
    )
    expect(badYaml.status).toBe(400)
    expect(badYaml.body).toMatchObject({
      problems: expect.arrayContaining([
        expect.objectContaining({
          file: 'sum-array/challenge.yaml',
          message: expect.stringContaining('YAML'),
          line: expect.any(Number),
        }),
      ]),
    })
    const noReference = await upload(
      teacher,
      zipOf(
        packFiles('no-reference', (files) => {
          delete files['sum-array/reference.ts']
        }),
      ),
    )
    expect(noReference.status).toBe(400)
    expect(!noReference.body.ok && noReference.body.message).toContain('sum-array: reference.ts missing')
  })

  it('refuses what is not a zip, and stored none of the refused packs', async () => {
    const { status, body } = await upload(teacher, strToU8('not a zip at all'))
    expect(status).toBe(400)
    expect(!body.ok && body.message).toContain('not a readable zip')
    expect(await data(teacher.query('authoring.mine'))).toEqual([])
  })
})

describe('a pack from upload to learners', () => {
  let teacher: ApiClient
  let member: ApiClient
  let stranger: ApiClient
  let groupId: number

  beforeAll(async () => {
    teacher = await user('teacher-publish', 'instructor')
    member = await user('member-publish')
    stranger = await user('stranger-publish')
    const group = await data(
      teacher.mutation<{ id: number; inviteCode: string }>('group.create', { name: 'Class' }),
    )
    groupId = group.id
    await data(member.mutation('group.join', { code: group.inviteCode }))
  })

  it('uploads a zipped pack folder as a draft; the export loads in the CLI with the same hash', async () => {
    const { status, body } = await upload(
      teacher,
      zipOf({ ...packFiles('class-pack'), '.DS_Store': 'junk' }, 'class-pack/'),
    )
    expect(status).toBe(200)
    expect(body).toEqual({ ok: true, packId: 'class-pack', created: true, skipped: ['class-pack/.DS_Store'] })
    const draft = await data(teacher.query<PackDraftView>('authoring.get', { packId: 'class-pack' }))
    expect(draft.problems.filter((problem) => problem.severity === 'error')).toEqual([])
    expect(Object.keys(draft.files).sort()).toEqual(Object.keys(packFiles('class-pack')).sort())

    const exported = await fetch(`${server.url}${EXPORT_PATH}/class-pack`, {
      headers: { cookie: [...teacher.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    })
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="class-pack.zip"')
    // Unzip where the CLI would find @arena/grader/authoring (a pack outside the repository cannot).
    // A fresh clone has no node_modules/.cache yet.
    const cache = path.join(REPO_ROOT, 'node_modules/.cache')
    await mkdir(cache, { recursive: true })
    const root = mkdtempSync(path.join(cache, 'arena-export-'))
    try {
      for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(await exported.arrayBuffer())))) {
        await mkdir(path.dirname(path.join(root, name)), { recursive: true })
        writeFileSync(path.join(root, name), bytes)
      }
      expect(await validatePack(path.join(root, 'class-pack'))).toEqual([])
      expect((await loadPack(path.join(root, 'class-pack'))).hash).toBe(draft.hash)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('saves only what the page edited: a file changed since elsewhere is kept', async () => {
    const draftFilesNow = async () =>
      (await data(teacher.query<PackDraftView>('authoring.get', { packId: 'class-pack' }))).files
    const before = await draftFilesNow()
    // The metadata form writes challenge.yaml on the server while the page still holds the old text.
    const applied = `${before['sum-array/challenge.yaml']}# applied by the form\n`
    await data(
      teacher.mutation('authoring.save', {
        packId: 'class-pack',
        files: { ...before, 'sum-array/challenge.yaml': applied },
      }),
    )
    // The page then saves its statement edit, a new wrong solution, and nothing else.
    const wrong = 'sum-array/solutions/wrong/late.ts'
    await data(
      teacher.mutation('authoring.save', {
        packId: 'class-pack',
        changes: { 'sum-array/README.md': '# Edited\n', [wrong]: '// @expect WrongAnswer\n' },
      }),
    )
    let files = await draftFilesNow()
    expect(files['sum-array/challenge.yaml']).toBe(applied)
    expect(files['sum-array/README.md']).toBe('# Edited\n')
    expect(files[wrong]).toBe('// @expect WrongAnswer\n')
    // A deletion is a null; then everything goes back as it was.
    await data(teacher.mutation('authoring.save', { packId: 'class-pack', changes: { [wrong]: null } }))
    files = await draftFilesNow()
    expect(files[wrong]).toBeUndefined()
    await data(teacher.mutation('authoring.save', { packId: 'class-pack', files: before }))
  })

  it('will not publish untested content; a reference that fails its own tests fails the test', async () => {
    expect(
      await teacher.mutation('authoring.publish', { packId: 'class-pack', visibility: 'public' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PRECONDITION_FAILED', message: expect.stringContaining('has not been tested') },
    })
    const broken = packFiles('class-pack', (files) => {
      files['sum-array/reference.ts'] =
        'export function solve(input: Float64Array): number {\n  return input.length\n}\n'
    })
    await data(teacher.mutation('authoring.save', { packId: 'class-pack', files: broken }))
    const { test, events } = await testPack(teacher, 'class-pack')
    expect(test).toMatchObject({ status: 'done', ok: false })
    const reference = test.report?.rows.find((row) => row.solution === 'reference')
    expect(reference).toMatchObject({ file: 'sum-array/reference.ts', status: 'WrongAnswer', ok: false })
    expect(test.text).toContain('sum-array/reference.ts: ')
    expect(events.some((event) => event.type === 'row')).toBe(true)
    expect(
      await teacher.mutation('authoring.publish', { packId: 'class-pack', visibility: 'public' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PRECONDITION_FAILED', message: expect.stringContaining('last test failed') },
    })
    expect(await data(teacher.query<unknown[]>('authoring.mine'))).toMatchObject([
      { packId: 'class-pack', versions: 0 },
    ])
  }, 180_000)

  it('publishes tested content to a group: members see it, others do not, a draft is its author’s alone', async () => {
    await data(teacher.mutation('authoring.save', { packId: 'class-pack', files: packFiles('class-pack') }))
    const { test } = await testPack(teacher, 'class-pack')
    expect(test).toMatchObject({ status: 'done', ok: true })
    expect(
      await teacher.mutation('authoring.publish', { packId: 'class-pack', visibility: 'private' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    })
    expect(
      await data(
        teacher.mutation('authoring.publish', { packId: 'class-pack', visibility: 'private', groupId }),
      ),
    ).toEqual({ version: 1, created: true })

    const key = 'class-pack/sum-array'
    const sees = async (client: ApiClient) => {
      const map = await data(client.query<{ topics: { challenges: { id: string }[] }[] }>('course.map'))
      const listed = map.topics.some((topic) => topic.challenges.some((challenge) => challenge.id === key))
      const opened = (await client.query('challenge.get', { id: key })).ok
      const submitted = (
        await client.mutation('submission.create', { challengeId: key, source: 'x', mode: 'samples' })
      ).ok
      expect([listed, opened, submitted]).toEqual([listed, listed, listed])
      return listed
    }
    expect(await sees(member)).toBe(true)
    expect(await sees(stranger)).toBe(false)
    expect(await stranger.query('stats.distribution', { challengeId: key })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await stranger.query('leaderboard.challenge', { challengeId: key })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await sees(teacher)).toBe(true)

    await data(teacher.mutation('authoring.setVisibility', { packId: 'class-pack', visibility: 'draft' }))
    expect(await sees(member)).toBe(false)
    expect(await sees(teacher)).toBe(true)
    await data(teacher.mutation('authoring.setVisibility', { packId: 'class-pack', visibility: 'public' }))
    expect(await sees(stranger)).toBe(true)

    // Another instructor cannot assign a draft of someone else to their group.
    await data(teacher.mutation('authoring.setVisibility', { packId: 'class-pack', visibility: 'draft' }))
    const otherTeacher = await user('teacher-assigns', 'instructor')
    const otherGroup = await data(
      otherTeacher.mutation<{ id: number }>('group.create', { name: 'Other class' }),
    )
    expect(
      await otherTeacher.mutation('group.assign', { groupId: otherGroup.id, packId: 'class-pack' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    await data(teacher.mutation('authoring.setVisibility', { packId: 'class-pack', visibility: 'public' }))
    expect(
      await otherTeacher.mutation('group.assign', { groupId: otherGroup.id, packId: 'class-pack' }),
    ).toMatchObject({
      ok: true,
    })

    // Another instructor cannot open, export or change it, nor make a private pack for a group they do not teach.
    const other = await user('teacher-other', 'instructor')
    expect(await other.query('authoring.get', { packId: 'class-pack' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(
      await other.mutation('authoring.setVisibility', { packId: 'class-pack', visibility: 'draft' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  }, 180_000)
})

/** Rewrites the uncompressed size of one entry in its local header and the central directory. */
function claimUncompressedSize(zip: Uint8Array, name: string, size: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const nameBytes = strToU8(name)
  const matches = (offset: number) => nameBytes.every((byte, i) => zip[offset + i] === byte)
  for (let offset = 0; offset + 46 < zip.length; offset++) {
    const signature = view.getUint32(offset, true)
    if (signature === 0x04034b50 && matches(offset + 30)) view.setUint32(offset + 22, size, true)
    if (signature === 0x02014b50 && matches(offset + 46)) view.setUint32(offset + 24, size, true)
  }
}
