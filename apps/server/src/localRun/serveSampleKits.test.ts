import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
let hash: string

beforeAll(async () => {
  server = await startTestServer()
  const client = server.client()
  const challenge = await client.query<{ pack: { hash: string } }>('challenge.get', {
    id: 'fixture/sum-array',
  })
  if (!challenge.ok) throw new Error(`challenge.get failed: ${challenge.status}`)
  hash = challenge.data.pack.hash
}, 60_000)
afterAll(() => server?.stop())

const kit = (pathname: string) => fetch(`${server.url}${pathname}`)

describe('GET /local-run/<pack>/<slug>/<hash>/kit.js', () => {
  it('serves the sample kit as a cacheable script with the grant appended, without hidden cases', async () => {
    const response = await kit(`/local-run/fixture/sum-array/${hash}/kit.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(response.headers.get('cache-control')).toContain('immutable')
    const text = await response.text()
    expect(text).toMatch(/export\{.*judgeOutput.*\}/s)
    expect(text).toMatch(/export const grant = \{"entry":"solve"/)
    expect(text).toContain('hidden:[]')
    expect(text).not.toContain('a thousand')
  })

  it('says which is wrong: a bad path, an unknown challenge, an old version', async () => {
    const bad = await kit(`/local-run/fixture/..%2f..%2fetc/${hash}/kit.js`)
    expect(bad.status).toBe(400)
    const missing = await kit(`/local-run/fixture/no-such/${hash}/kit.js`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('no challenge fixture/no-such')
    const stale = await kit('/local-run/fixture/sum-array/0123456789abcdef/kit.js')
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('reload the page')
  })
})
