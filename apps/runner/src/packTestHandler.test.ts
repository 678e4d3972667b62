import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createGrader } from '@arena/grader'
import { loadPack } from '@arena/packs'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackVersions } from './PackVersions.ts'
import { type PackTestJobResult, packTestHandler } from './packTestHandler.ts'

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/packs', import.meta.url))
let dir: string
const grader = createGrader()

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-runner-pack-test-'))
  cpSync(FIXTURES, path.join(dir, 'challenges'), { recursive: true })
})
afterAll(async () => {
  await grader.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('pack-test jobs', () => {
  it('shows every path of the report relative to the pack folder: rows and lesson warnings alike', {
    timeout: 120_000,
  }, async () => {
    const challenges = path.join(dir, 'challenges')
    const pack = await loadPack(path.join(challenges, 'fixture'))
    const handler = packTestHandler(grader, new PackVersions(challenges, undefined))
    const job = {
      id: 'pack-test-1',
      payload: { kind: 'pack-test', testId: 1, packId: 'fixture', packHash: pack.hash },
    }
    const result = (await handler(job as never, {
      lease: {} as never,
      signal: new AbortController().signal,
      onProgress: () => {},
      log: pino({ level: 'silent' }),
    })) as PackTestJobResult
    expect(result.report.rows.map((row) => row.file)).toContain('sum-array/reference.ts')
    // The fixture has no route around its lesson tested: a warning that names its folder.
    const warning = result.report.warnings.find((each) => each.challenge === 'sum-array')
    expect(warning?.file).toBe('sum-array')
    for (const each of [...result.report.rows, ...result.report.warnings])
      expect(each.file).not.toContain(dir)
    expect(result.text).toContain('sum-array: no route around the lesson is tested')
    expect(result.text).not.toContain(dir)
  })
})
