import { mkdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isSeq, parseDocument } from 'yaml'
import { JSON_SCHEMA_FILES } from '../jsonSchema/jsonSchemas.ts'
import { readText } from '../load/readText.ts'
import { challengeTemplate, packTemplate } from './challengeTemplate.ts'
import { ScaffoldError } from './ScaffoldError.ts'

export interface ScaffoldResult {
  /** Absolute path of the new challenge folder. */
  dir: string
  /** Relative to `dir`. */
  files: string[]
  /** Whether pack.yaml was created (the pack did not exist). */
  packCreated: boolean
}

/**
 * Writes a new challenge folder `<root>/<pack>/<slug>` from the template and appends the slug to the
 * pack's pack.yaml (comments and layout kept), creating the pack when it does not exist.
 */
export async function scaffoldChallenge(root: string, pack: string, slug: string): Promise<ScaffoldResult> {
  const packDir = path.resolve(root, pack)
  const dir = path.join(packDir, slug)
  if (await stat(dir).catch(() => undefined)) {
    throw new ScaffoldError('ARENA_CHALLENGE_EXISTS', `${path.join(root, pack, slug)} already exists`)
  }

  // Edit pack.yaml in memory first, so a pack.yaml we cannot extend leaves nothing half-written.
  const packFile = path.join(packDir, 'pack.yaml')
  const existing = await readText(packFile)
  const packText =
    existing === undefined
      ? packTemplate(pack, slug, schemaPath(packDir, 'pack'))
      : appendChallenge(existing, slug, packFile)

  const files = challengeTemplate(slug, schemaPath(dir, 'challenge'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text, { flag: 'wx' })
  }
  await writeFile(packFile, packText)
  return { dir, files: Object.keys(files), packCreated: existing === undefined }
}

/** Relative from `dir`, so the hint works wherever the repository is checked out. */
function schemaPath(dir: string, kind: keyof typeof JSON_SCHEMA_FILES): string {
  return path.relative(dir, JSON_SCHEMA_FILES[kind]).split(path.sep).join('/')
}

function appendChallenge(text: string, slug: string, packFile: string): string {
  const doc = parseDocument(text)
  if (doc.errors.length > 0) {
    throw new ScaffoldError(
      'ARENA_PACK_YAML_UNUSABLE',
      `${packFile}: ${doc.errors[0]?.message.split('\n')[0]}`,
    )
  }
  const list = doc.get('challenges', true)
  if (list === undefined || list === null) {
    doc.set('challenges', doc.createNode([slug]))
  } else if (isSeq(list)) {
    if (list.items.some((item) => String((item as { value?: unknown }).value ?? item) === slug)) {
      throw new ScaffoldError('ARENA_PACK_YAML_UNUSABLE', `${packFile}: challenges already lists "${slug}"`)
    }
    list.add(doc.createNode(slug))
  } else {
    throw new ScaffoldError('ARENA_PACK_YAML_UNUSABLE', `${packFile}: challenges is not a list`)
  }
  return doc.toString()
}
