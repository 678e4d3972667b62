// Reads a file beside itself through import.meta.url (nodeBundle.test.ts).
import { readFileSync } from 'node:fs'

export function sibling(): string {
  return readFileSync(new URL('./sibling.txt', import.meta.url), 'utf8').trim()
}
