import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { PackProblem } from '../problem.ts'
import { packSchema } from '../schema.ts'
import type { Challenge, Pack } from '../types.ts'
import { packHash } from './packHash.ts'
import { readChallenge } from './readChallenge.ts'
import { readText } from './readText.ts'
import { validateYaml } from './validateYaml.ts'
import { parseYaml, positionOf, type YamlSource } from './yamlSource.ts'

export type PackReadResult =
  /** `problems` holds warnings only. */
  | { ok: true; pack: Pack; problems: PackProblem[] }
  /**
   * `partial`: when pack.yaml itself is valid, the pack with only the challenges that read cleanly,
   * so one challenge can be graded while another is still being written.
   */
  | { ok: false; problems: PackProblem[]; partial?: Pack }

/**
 * Reads a pack folder and checks everything that can be checked without running code. Problems name
 * files the way the caller named `dir` (a relative `dir` gives relative paths in messages).
 */
export async function readPack(dir: string): Promise<PackReadResult> {
  const absolute = path.resolve(dir)
  const problems: PackProblem[] = []
  const fail = (message: string): PackReadResult => ({
    ok: false,
    problems: [{ file: dir, message, severity: 'error' }],
  })

  const info = await stat(absolute).catch(() => undefined)
  if (!info) return fail('no such folder')
  if (!info.isDirectory()) return fail('not a folder')

  const packFile = path.join(dir, 'pack.yaml')
  const text = await readText(path.join(absolute, 'pack.yaml'))
  if (text === undefined) return fail('pack.yaml missing')
  const { source, problems: yamlProblems } = parseYaml(text, packFile)
  problems.push(...yamlProblems)
  if (yamlProblems.some((problem) => problem.severity === 'error')) return { ok: false, problems }

  const { value: config, problems: schemaProblems } = validateYaml(packSchema, source)
  problems.push(...schemaProblems)
  const folder = path.basename(absolute)
  if (config && config.id !== folder) {
    problems.push({
      file: packFile,
      field: 'id',
      message: `"${config.id}" differs from its folder name "${folder}"`,
      severity: 'error',
      ...positionOf(source, ['id']),
    })
  }

  // Even when pack.yaml is invalid, check the challenges it names: authors want every problem at once.
  const listed = config?.challenges ?? listedSlugs(source)
  const challenges: Challenge[] = []
  for (const [index, slug] of listed.entries()) {
    const challengeDir = path.join(absolute, slug)
    const exists = await stat(challengeDir).then(
      (entry) => entry.isDirectory(),
      () => false,
    )
    if (!exists) {
      problems.push({
        file: packFile,
        field: `challenges.${index}`,
        message: `no folder "${slug}" next to pack.yaml`,
        severity: 'error',
        ...positionOf(source, ['challenges', index]),
      })
      continue
    }
    const result = await readChallenge(challengeDir, path.join(dir, slug))
    problems.push(...result.problems)
    if (result.challenge) challenges.push(result.challenge)
  }
  problems.push(...(await unlistedFolders(absolute, dir, listed)))

  if (!config) return { ok: false, problems }
  const pack: Pack = { config, dir: absolute, hash: await packHash(absolute), challenges }
  if (problems.some((problem) => problem.severity === 'error')) return { ok: false, problems, partial: pack }
  return { ok: true, pack, problems }
}

/** The slugs of a `challenges` list that failed validation elsewhere, so their folders still get checked. */
function listedSlugs(source: YamlSource): string[] {
  const raw = (source.doc.toJS() as { challenges?: unknown } | null)?.challenges
  if (!Array.isArray(raw)) return []
  return [...new Set(raw.filter((item): item is string => typeof item === 'string' && /^[\w-]+$/.test(item)))]
}

/** A challenge folder missing from pack.yaml is most likely forgotten, but may be work in progress. */
async function unlistedFolders(absolute: string, dir: string, listed: string[]): Promise<PackProblem[]> {
  const entries = await readdir(absolute, { withFileTypes: true })
  const problems: PackProblem[] = []
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || listed.includes(entry.name)) continue
    const hasConfig = await stat(path.join(absolute, entry.name, 'challenge.yaml')).then(
      () => true,
      () => false,
    )
    if (hasConfig) {
      problems.push({
        file: path.join(dir, entry.name),
        message: 'has a challenge.yaml but is not listed in pack.yaml challenges',
        severity: 'warning',
      })
    }
  }
  return problems
}
