import { readPack } from '../load/readPack.ts'
import { isError, type PackProblem } from '../problem.ts'
import type { Challenge, Pack } from '../types.ts'
import { UsageError } from './UsageError.ts'

export type Selection =
  /** `otherProblems`: errors in challenges not selected, to print as warnings. */
  | { ok: true; pack: Pack; challenges: Challenge[]; otherProblems: PackProblem[] }
  | { ok: false; problems: PackProblem[] }

/**
 * Reads a pack and picks challenges by id (all when `ids` is empty). A problem in a challenge not
 * picked does not block the others: authors work on one challenge while another is half-written.
 * An id the pack does not list is a usage error.
 */
export async function selectChallenges(dir: string, ids: readonly string[]): Promise<Selection> {
  const read = await readPack(dir)
  const pack = read.ok ? read.pack : read.partial
  if (!pack) return { ok: false, problems: read.problems.filter(isError) }
  const listed = pack.config.challenges
  const unknown = ids.filter((id) => !listed.includes(id))
  if (unknown.length > 0) {
    throw new UsageError(
      `pack "${pack.config.id}" has no challenge ${unknown.map((id) => `"${id}"`).join(', ')} (it has: ${listed.join(', ')})`,
    )
  }
  const wanted = ids.length > 0 ? ids : listed
  const broken = wanted.filter((id) => !pack.challenges.some((challenge) => challenge.id === id))
  const errors = read.problems.filter(isError)
  if (broken.length > 0 || (ids.length === 0 && errors.length > 0)) return { ok: false, problems: errors }
  return {
    ok: true,
    pack,
    challenges: pack.challenges.filter((challenge) => wanted.includes(challenge.id)),
    otherProblems: errors,
  }
}
