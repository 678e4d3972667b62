// Uploads bounded by what is inflated, off the event loop (issue 15, point 3), against the real server:
// the zip bomb (15 GiB of zeros in 15 MB, declaring 10 bytes) is refused with a short, clear
// answer while another user's requests are answered meanwhile; 120,000 tiny entries are refused by
// count; an honest pack is still accepted.
import path from 'node:path'
import Database from 'better-sqlite3'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../testing/ApiClient.ts'
import { FIXTURE_PACKS, startTestServer, type TestServer } from '../testing/testServer.ts'
import { UPLOAD_PATH, type UploadAnswer } from './packFileRoutes.ts'
import type { PackFiles } from './packFiles.ts'
import { readPackFolder } from './packFolder.ts'
import { crowdedZip, zipBomb } from './testing/hostileZips.ts'

let server: TestServer
let teacher: ApiClient
let learner: ApiClient

beforeAll(async () => {
  server = await startTestServer()
  teacher = server.client()
  await teacher.signup('teacher-bounds')
  const db = new Database(server.config.dbFile)
  db.prepare('UPDATE users SET role = ? WHERE username = ?').run('instructor', 'teacher-bounds')
  db.close()
  learner = server.client()
  await learner.signup('learner-bounds')
}, 60_000)
afterAll(() => server?.stop())

async function upload(bytes: Uint8Array): Promise<{ status: number; body: UploadAnswer; text: string }> {
  const response = await fetch(`${server.url}${UPLOAD_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/zip',
      cookie: [...teacher.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-csrf-token': teacher.cookies.get('arena_csrf') ?? '',
    },
    body: bytes,
  })
  const text = await response.text()
  return { status: response.status, body: JSON.parse(text) as UploadAnswer, text }
}

describe('pack uploads stay bounded', () => {
  it("the issue's zip bomb is refused clearly while another user's requests are answered", async () => {
    const bomb = zipBomb()
    expect(bomb.length).toBeGreaterThan(14 * 2 ** 20) // 15 GiB of zeros, as the upload
    let uploadDone = false
    const refused = upload(bomb).finally(() => {
      uploadDone = true
    })
    // Another user's cheap requests while the bomb is in flight: each one is answered. Before the fix
    // the event loop inflated the bomb for minutes and none was.
    const answered: boolean[] = []
    while (!uploadDone) {
      const me = await learner.query<{ username: string }>('auth.me')
      answered.push(me.ok && me.data.username === 'learner-bounds')
    }
    const { status, body, text } = await refused
    expect(status).toBe(400)
    expect(body).toMatchObject({
      ok: false,
      problems: [{ file: 'data.csv', message: expect.stringContaining('lies about its sizes') }],
    })
    expect(text.length).toBeLessThan(1000)
    expect(answered.length).toBeGreaterThan(0)
    expect(answered.every(Boolean)).toBe(true)
  })

  it('120,000 tiny entries are refused by count in a short answer', async () => {
    const { status, body, text } = await upload(crowdedZip(120_000))
    expect(status).toBe(400)
    expect(body).toMatchObject({ ok: false, problems: [{ file: 'upload' }] })
    expect(!body.ok && body.message).toMatch(/entries \(files, folders and skipped clutter together\)/)
    expect(text.length).toBeLessThan(1000)
  })

  it('an honest pack, zipped as a folder with some clutter, is still accepted', async () => {
    const fixture: PackFiles = await readPackFolder(path.join(FIXTURE_PACKS, 'fixture'))
    const files: Record<string, Uint8Array> = {}
    for (const [name, text] of Object.entries(fixture)) {
      const renamed = name === 'pack.yaml' ? text.replace(/^id: fixture$/m, 'id: honest') : text
      files[`honest/${name}`] = strToU8(renamed)
    }
    files['honest/.DS_Store'] = strToU8('x')
    const { status, body } = await upload(zipSync(files))
    expect(body).toEqual({ ok: true, packId: 'honest', created: true, skipped: ['honest/.DS_Store'] })
    expect(status).toBe(200)
  })
})
