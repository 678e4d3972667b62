import { PackInvalidError } from '../PackInvalidError.ts'
import type { Pack } from '../types.ts'
import { readPack } from './readPack.ts'

/** Reads a valid pack, or throws `PackInvalidError` listing every problem. */
export async function loadPack(dir: string): Promise<Pack> {
  const result = await readPack(dir)
  if (!result.ok) throw new PackInvalidError(dir, result.problems)
  return result.pack
}
