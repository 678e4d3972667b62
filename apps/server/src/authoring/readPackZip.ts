import type { PackProblem } from '@arena/packs'
import { type UnzipFileInfo, unzipSync } from 'fflate'
import { checkPackFiles, formatBytes, PACK_LIMITS, type PackFiles, pathProblem } from './packFiles.ts'

export type PackZipResult =
  | { ok: true; files: PackFiles; skipped: string[] }
  | { ok: false; problems: PackProblem[] }

/** Archive clutter that is no pack content: macOS resource forks and dot-files (`.DS_Store`). */
function isClutter(name: string): boolean {
  return (
    name.startsWith('__MACOSX/') ||
    name.split('/').some((segment) => segment.startsWith('.') && segment !== '..')
  )
}

/**
 * A pack from a zip (the pack folder zipped, or its contents). Names and sizes are checked from the
 * zip's central directory before anything is inflated, so a `..` path, a 1 GB entry or ten thousand
 * files are refused without costing memory; then every file must be UTF-8 text.
 */
export function readPackZip(bytes: Uint8Array): PackZipResult {
  const fail = (problems: PackProblem[]): PackZipResult => ({ ok: false, problems })
  if (bytes.length > PACK_LIMITS.zipBytes) {
    return fail([
      {
        file: 'upload',
        message: `the zip is ${formatBytes(bytes.length)}; at most ${formatBytes(PACK_LIMITS.zipBytes)}`,
        severity: 'error',
      },
    ])
  }
  const entries: UnzipFileInfo[] = []
  try {
    // The filter sees the central directory's entries; returning false inflates nothing.
    unzipSync(bytes, {
      filter: (file) => {
        entries.push({ ...file })
        return false
      },
    })
  } catch (error) {
    return fail([
      { file: 'upload', message: `not a readable zip file (${(error as Error).message})`, severity: 'error' },
    ])
  }

  const problems: PackProblem[] = []
  const skipped: string[] = []
  const files = entries.filter((entry) => !entry.name.endsWith('/'))
  for (const entry of files) {
    const problem = pathProblem(entry.name.replace(/^\.\//, ''))
    if (problem?.includes('..') || problem?.startsWith('absolute')) {
      problems.push({ file: entry.name, message: problem, severity: 'error' })
    }
  }
  if (problems.length > 0) return fail(problems)

  const wanted = files.filter((entry) => {
    if (!isClutter(entry.name)) return true
    skipped.push(entry.name)
    return false
  })
  const prefix = commonFolder(wanted.map((entry) => entry.name))
  if (wanted.length > PACK_LIMITS.files) {
    return fail([
      {
        file: 'upload',
        message: `${wanted.length} files; a pack may hold at most ${PACK_LIMITS.files}`,
        severity: 'error',
      },
    ])
  }
  let total = 0
  for (const entry of wanted) {
    total += entry.originalSize
    if (entry.originalSize > PACK_LIMITS.fileBytes) {
      problems.push({
        file: entry.name.slice(prefix.length),
        message: `${formatBytes(entry.originalSize)} uncompressed; a file may be at most ${formatBytes(PACK_LIMITS.fileBytes)}`,
        severity: 'error',
      })
    }
    if (entry.compression !== 0 && entry.compression !== 8) {
      problems.push({
        file: entry.name.slice(prefix.length),
        message: `compression method ${entry.compression} is not supported (use deflate)`,
        severity: 'error',
      })
    }
  }
  if (total > PACK_LIMITS.totalBytes) {
    problems.push({
      file: 'upload',
      message: `${formatBytes(total)} uncompressed in all; a pack may be at most ${formatBytes(PACK_LIMITS.totalBytes)}`,
      severity: 'error',
    })
  }
  if (problems.length > 0) return fail(problems)

  const names = new Set(wanted.map((entry) => entry.name))
  let inflated: Record<string, Uint8Array>
  try {
    inflated = unzipSync(bytes, { filter: (file) => names.has(file.name) })
  } catch (error) {
    return fail([
      { file: 'upload', message: `the zip is damaged (${(error as Error).message})`, severity: 'error' },
    ])
  }
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const result: PackFiles = {}
  for (const [name, data] of Object.entries(inflated)) {
    const file = name.slice(prefix.length)
    try {
      result[file] = decoder.decode(data)
    } catch {
      problems.push({ file, message: 'not UTF-8 text: a pack holds text files only', severity: 'error' })
    }
  }
  problems.push(...checkPackFiles(result))
  return problems.length > 0 ? fail(problems) : { ok: true, files: result, skipped }
}

/** `mypack/` when every file lies in that one folder (the pack folder itself was zipped), else ''. */
function commonFolder(names: string[]): string {
  if (names.includes('pack.yaml')) return ''
  const first = names[0]?.split('/')[0]
  if (!first || !names.every((name) => name.startsWith(`${first}/`))) return ''
  return `${first}/`
}
