import { createRequire } from 'node:module'
import type ts from 'typescript'

let typescript: typeof ts | undefined

/**
 * The TypeScript compiler, loaded on first use. It takes seconds to load (longer on a busy machine),
 * and most of what imports this package never checks a type: the server, every runner process,
 * `arena grade`, the tests that load packs. An import at the top of a module made them all wait.
 */
export function loadTypescript(): typeof ts {
  typescript ??= createRequire(import.meta.url)('typescript') as typeof ts
  return typescript
}
