// Regenerates challenge.schema.json and pack.schema.json from the zod schemas:
//   npx tsx packages/packs/src/writeJsonSchemas.ts
import { writeFile } from 'node:fs/promises'
import { JSON_SCHEMA_FILES, jsonSchemaTexts } from './jsonSchema/jsonSchemas.ts'

const texts = jsonSchemaTexts()
for (const key of Object.keys(JSON_SCHEMA_FILES) as (keyof typeof JSON_SCHEMA_FILES)[]) {
  await writeFile(JSON_SCHEMA_FILES[key], texts[key])
  console.log(`wrote ${JSON_SCHEMA_FILES[key]}`)
}
