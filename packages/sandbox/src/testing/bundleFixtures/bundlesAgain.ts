// Run from a bundle, bundles a fresh copy of siblingReader.ts and prints what each reads
// (nodeBundle.test.ts): the server, run from a bundle, bundles its runners this way.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleForNode } from '../../bundle/nodeBundle.ts'
import { sibling } from './siblingReader.ts'

// A new path each run: a bundle cached by an earlier run would hide how this process builds one.
const dir = mkdtempSync(path.join(tmpdir(), 'arena-bundles-again-'))
try {
  const reader = path.join(dir, 'siblingReader.ts')
  copyFileSync(fileURLToPath(new URL('./siblingReader.ts', import.meta.url)), reader)
  writeFileSync(path.join(dir, 'sibling.txt'), 'beside the copy\n')
  const output = (await bundleForNode([reader]))?.output(reader)
  if (!output) throw new Error('no bundle')
  const bundled = (await import(output)) as { sibling(): string }
  process.stdout.write(`${sibling()} / ${bundled.sibling()}\n`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
