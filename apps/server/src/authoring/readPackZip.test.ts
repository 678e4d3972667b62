import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { LISTED_NAMES, readPackZip, ZIP_ENTRY_LIMIT } from './readPackZip.ts'
import { crowdedZip, zipBomb } from './testing/hostileZips.ts'

describe('readPackZip', () => {
  it('strips the zipped folder, skips macOS clutter and keeps text files', async () => {
    const zip = zipSync({
      'mine/pack.yaml': strToU8('id: mine\n'),
      'mine/a/README.md': strToU8('# 안녕\n'),
      'mine/.DS_Store': strToU8('x'),
      '__MACOSX/mine/._pack.yaml': strToU8('x'),
    })
    expect(await readPackZip(zip)).toEqual({
      ok: true,
      files: { 'pack.yaml': 'id: mine\n', 'a/README.md': '# 안녕\n' },
      skipped: ['mine/.DS_Store', '__MACOSX/mine/._pack.yaml'],
    })
  })

  it('refuses binary files and odd names, each by name', async () => {
    const zip = zipSync({
      'pack.yaml': strToU8('id: p\n'),
      'data.bin': new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
      'a b.ts': strToU8('export {}'),
    })
    const result = await readPackZip(zip)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.problems.map((problem) => problem.file).sort()).toEqual([
      'a b.ts',
      'data.bin',
    ])
  })

  it('refuses an absolute path and a missing pack.yaml', async () => {
    expect(await readPackZip(zipSync({ '/etc/passwd': strToU8('x') }))).toMatchObject({
      ok: false,
      problems: [{ file: '/etc/passwd', message: 'absolute paths are not allowed' }],
    })
    expect(await readPackZip(zipSync({ 'a/README.md': strToU8('x') }))).toMatchObject({
      ok: false,
      problems: [{ file: 'pack.yaml', message: 'missing' }],
    })
  })
})

/** Event-loop turns taken while `work` runs: 0 when it holds the thread from start to end. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0
  let running = true
  const tick = () => {
    if (!running) return
    turns++
    setImmediate(tick)
  }
  setImmediate(tick)
  const value = await work()
  running = false
  return { value, turns }
}

describe('readPackZip: bounded by what is inflated, off the event loop (issue 15, point 3)', () => {
  it('a zip bomb declaring 10 bytes (2 GiB of zeros in 2 MB) is refused by its real size, the event loop free', async () => {
    const bomb = zipBomb({ inflatedMiB: 2048 })
    expect(bomb.length).toBeLessThan(3 * 2 ** 20)
    const { value, turns } = await turnsDuring(() => readPackZip(bomb))
    expect(value).toMatchObject({ ok: false, problems: [{ file: 'data.csv' }] })
    expect(!value.ok && value.problems).toHaveLength(1)
    expect(!value.ok && value.problems[0]?.message).toMatch(
      /data\.csv: the zip lies about its sizes \(it declares 10 B and holds more\)/,
    )
    expect(turns).toBeGreaterThan(0)
  })

  it('a bomb declaring a size within the limits stops at the real byte limit', async () => {
    const bomb = zipBomb({ inflatedMiB: 2048, declaredSize: 1000 })
    const result = await readPackZip(bomb)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.problems[0]?.file).toBe('data.csv')
  })

  it('120,000 tiny entries (folders and clutter) are refused by count, in a short answer', async () => {
    const result = await readPackZip(crowdedZip(120_000))
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'upload',
          message: expect.stringMatching(
            /entries \(files, folders and skipped clutter together\); at most 1000/,
          ),
          severity: 'error',
        },
      ],
    })
  })

  it('folders and skipped clutter count: one file and 1,000 of them is one entry too many', async () => {
    const result = await readPackZip(crowdedZip(ZIP_ENTRY_LIMIT))
    expect(result).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('at most 1000') }],
    })
    expect((await readPackZip(crowdedZip(ZIP_ENTRY_LIMIT - 1))).ok).toBe(true)
  })

  it('skipped clutter and problems are listed briefly: a few names and "and N more"', async () => {
    const files: Record<string, Uint8Array> = { 'pack.yaml': strToU8('id: tidy\n') }
    for (let i = 0; i < 200; i++) files[`__MACOSX/._n${i}.md`] = strToU8('x')
    const clutter = await readPackZip(zipSync(files))
    expect(clutter.ok && clutter.skipped).toHaveLength(LISTED_NAMES + 1)
    expect(clutter.ok && clutter.skipped.at(-1)).toBe('and 190 more')
    const binary: Record<string, Uint8Array> = { 'pack.yaml': strToU8('id: bin\n') }
    for (let i = 0; i < 50; i++) binary[`b${i}.bin`] = new Uint8Array([0xff, 0xfe])
    const result = await readPackZip(zipSync(binary))
    expect(!result.ok && result.problems).toHaveLength(LISTED_NAMES + 1)
    expect(!result.ok && result.problems.at(-1)?.message).toMatch(/^and \d+ more problems$/)
  })
})
