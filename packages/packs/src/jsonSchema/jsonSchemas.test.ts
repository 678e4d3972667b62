import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { JSON_SCHEMA_FILES, jsonSchemaTexts } from './jsonSchemas.ts'

it('checked-in JSON Schemas match the zod schemas (regenerate: npx tsx packages/packs/src/writeJsonSchemas.ts)', async () => {
  const texts = jsonSchemaTexts()
  for (const key of Object.keys(JSON_SCHEMA_FILES) as (keyof typeof JSON_SCHEMA_FILES)[]) {
    const checkedIn = await readFile(JSON_SCHEMA_FILES[key], 'utf8').catch(() => '(missing)')
    expect(checkedIn, `${JSON_SCHEMA_FILES[key]} is stale`).toBe(texts[key])
  }
})

it('describes what authors write: fields with defaults are optional', () => {
  const challenge = JSON.parse(jsonSchemaTexts().challenge) as { required: string[]; properties: object }
  expect(challenge.required).toEqual(
    expect.arrayContaining(['id', 'title', 'topic', 'difficulty', 'xp', 'signature', 'limits', 'perf']),
  )
  expect(challenge.required).not.toContain('entry')
  expect(Object.keys(challenge.properties)).toContain('engines')
})
