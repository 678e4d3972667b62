import path from 'node:path'
import type { PackProblem } from '../problem.ts'
import { entryInputProblems } from '../typecheck/entryInputProblems.ts'
import { type PackReadResult, readPack } from './readPack.ts'

/**
 * `arena pack validate`: everything `readPack` checks, and that each challenge's entry takes the one
 * argument the grader passes (a TypeScript probe, so it loads the compiler: `readPack` alone does not).
 */
export async function validatePackRead(dir: string): Promise<PackReadResult> {
  const read = await readPack(dir)
  const challenges = read.ok ? read.pack.challenges : (read.partial?.challenges ?? [])
  const problems = [
    ...read.problems,
    ...challenges.flatMap((challenge) => entryInputProblems(challenge, path.join(dir, challenge.id))),
  ]
  if (read.ok && problems.some((problem) => problem.severity === 'error'))
    return { ok: false, problems, partial: read.pack }
  return { ...read, problems }
}

/** Every problem of a pack (errors and warnings), as values; an empty list means a clean pack. */
export async function validatePack(dir: string): Promise<PackProblem[]> {
  return (await validatePackRead(dir)).problems
}
