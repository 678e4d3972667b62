import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readPackZip } from './readPackZip.ts'

describe('readPackZip', () => {
  it('strips the zipped folder, skips macOS clutter and keeps text files', () => {
    const zip = zipSync({
      'mine/pack.yaml': strToU8('id: mine\n'),
      'mine/a/README.md': strToU8('# 안녕\n'),
      'mine/.DS_Store': strToU8('x'),
      '__MACOSX/mine/._pack.yaml': strToU8('x'),
    })
    expect(readPackZip(zip)).toEqual({
      ok: true,
      files: { 'pack.yaml': 'id: mine\n', 'a/README.md': '# 안녕\n' },
      skipped: ['mine/.DS_Store', '__MACOSX/mine/._pack.yaml'],
    })
  })

  it('refuses binary files and odd names, each by name', () => {
    const zip = zipSync({
      'pack.yaml': strToU8('id: p\n'),
      'data.bin': new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
      'a b.ts': strToU8('export {}'),
    })
    const result = readPackZip(zip)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.problems.map((problem) => problem.file).sort()).toEqual([
      'a b.ts',
      'data.bin',
    ])
  })

  it('refuses an absolute path and a missing pack.yaml', () => {
    expect(readPackZip(zipSync({ '/etc/passwd': strToU8('x') }))).toMatchObject({
      ok: false,
      problems: [{ file: '/etc/passwd', message: 'absolute paths are not allowed' }],
    })
    expect(readPackZip(zipSync({ 'a/README.md': strToU8('x') }))).toMatchObject({
      ok: false,
      problems: [{ file: 'pack.yaml', message: 'missing' }],
    })
  })
})
