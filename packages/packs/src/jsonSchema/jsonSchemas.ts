import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { challengeSchema, packSchema } from '../schema.ts'

/** Where the generated JSON Schemas are checked in, by file name. */
export const JSON_SCHEMA_FILES = {
  challenge: fileURLToPath(new URL('../../challenge.schema.json', import.meta.url)),
  pack: fileURLToPath(new URL('../../pack.schema.json', import.meta.url)),
} as const

/**
 * The JSON Schemas of challenge.yaml and pack.yaml, as file texts. `io: 'input'` describes what an
 * author writes (fields with defaults are optional), not the parsed result.
 */
export function jsonSchemaTexts(): Record<keyof typeof JSON_SCHEMA_FILES, string> {
  const render = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input' }), title }, null, 2)}\n`
  return {
    challenge: render(challengeSchema, 'Alpaca Arena challenge.yaml'),
    pack: render(packSchema, 'Alpaca Arena pack.yaml'),
  }
}
