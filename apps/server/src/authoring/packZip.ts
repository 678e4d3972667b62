import { strToU8, type Zippable, zipSync } from 'fflate'
import type { PackFiles } from './packFiles.ts'

// A fixed time: the same pack always zips to the same bytes.
const MTIME = new Date('2020-01-01T00:00:00Z')

/** The pack as a zip of its folder (`<packId>/pack.yaml`, ...): unzip it and `arena pack test` it. */
export function packZip(packId: string, files: PackFiles): Uint8Array {
  const entries: Zippable = {}
  for (const name of Object.keys(files).sort()) {
    entries[`${packId}/${name}`] = [strToU8(files[name] ?? ''), { mtime: MTIME }]
  }
  return zipSync(entries, { level: 6 })
}
