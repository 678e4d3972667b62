// The course's own packs (or a fixture's), copied with only the challenges a browser flow needs and their limits or
// performance trials made short: a flow that needs a real grading's report (counters, cases, a tier)
// gets it in seconds, not in the minutes a learner's Submit spends on its rounds, and a flow that
// waits for a limit waits for a short one. Everything else of each challenge (statement, tests.ts,
// reference, engines) is the course's own, so what the page shows is still a real grading's.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { editChallengeYaml } from '@arena/packs'
import { parseDocument } from 'yaml'

const COURSE = fileURLToPath(new URL('../../challenges', import.meta.url))

/** A challenge.yaml's fields, as the flow would have them. */
export type ChallengeFields = Record<string, unknown> & {
  limits: Record<string, unknown>
  perf: Record<string, unknown> & { cases: { name: string; size: unknown }[] }
}

export interface QuickPacks {
  /** The folder to serve as the server's challenges (ARENA_CHALLENGES_DIR). */
  dir: string
  remove(): void
}

/**
 * Copies `challenges` (`'core/external-sort'`, or `'core'` for every challenge of a pack) with their
 * packs into a temporary folder, each challenge.yaml passed through `tune` (default: `shortTrial`).
 */
export function quickCoursePacks(
  challenges: readonly string[],
  tune: (fields: ChallengeFields, id: string) => ChallengeFields = shortTrial,
): QuickPacks {
  return quickPacks(COURSE, challenges, tune)
}

/** quickCoursePacks for the packs of another folder of packs (a fixture's, e.g. tests/fixtures/packs). */
export function quickPacks(
  root: string,
  challenges: readonly string[],
  tune: (fields: ChallengeFields, id: string) => ChallengeFields = shortTrial,
): QuickPacks {
  const dir = mkdtempSync(path.join(tmpdir(), 'arena-quick-packs-'))
  const byPack = new Map<string, string[]>()
  for (const id of challenges) {
    const [pack, challenge] = id.split('/') as [string, string | undefined]
    const chosen = challenge ? [challenge] : packChallenges(root, pack)
    byPack.set(pack, [...(byPack.get(pack) ?? []), ...chosen])
  }
  for (const [pack, chosen] of byPack) {
    const from = path.join(root, pack)
    // The pack's own files, and only the chosen challenges' folders.
    cpSync(from, path.join(dir, pack), {
      recursive: true,
      filter: (source) => {
        const top = path.relative(from, source).split(path.sep)[0]
        return !top || !existsSync(path.join(from, top, 'challenge.yaml')) || chosen.includes(top)
      },
    })
    const packYaml = path.join(dir, pack, 'pack.yaml')
    const doc = parseDocument(readFileSync(packYaml, 'utf8'))
    doc.set('challenges', doc.createNode(chosen))
    writeFileSync(packYaml, doc.toString())
    for (const challenge of chosen) {
      const file = path.join(dir, pack, challenge, 'challenge.yaml')
      const text = readFileSync(file, 'utf8')
      const fields = parseDocument(text).toJS() as ChallengeFields
      writeFileSync(file, editChallengeYaml(text, tune(structuredClone(fields), `${pack}/${challenge}`)))
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Three rounds a case (the fewest a pack may ask) on a small budget: enough for an interval, a tier and both sides' counters. */
export function shortTrial(fields: ChallengeFields): ChallengeFields {
  return { ...fields, perf: { ...fields.perf, minRounds: 3, maxRounds: 3, budgetMs: 2000 } }
}

/** The challenges a course pack lists, in its order. */
function packChallenges(root: string, pack: string): string[] {
  const fields = parseDocument(readFileSync(path.join(root, pack, 'pack.yaml'), 'utf8')).toJS() as {
    challenges: string[]
  }
  return fields.challenges
}
