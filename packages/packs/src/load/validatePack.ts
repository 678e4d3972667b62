import type { PackProblem } from '../problem.ts'
import { readPack } from './readPack.ts'

/** Every problem of a pack (errors and warnings), as values; an empty list means a clean pack. */
export async function validatePack(dir: string): Promise<PackProblem[]> {
  return (await readPack(dir)).problems
}
