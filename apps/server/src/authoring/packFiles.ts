import type { PackProblem } from '@arena/packs'

/** A pack as text files keyed by their posix path inside the pack folder (`sum-array/tests.ts`). */
export type PackFiles = Record<string, string>

/** What a pack authored on the web may hold. A course pack is a few hundred KB of text. */
export const PACK_LIMITS = {
  files: 300,
  fileBytes: 1024 * 1024,
  totalBytes: 8 * 1024 * 1024,
  /** The upload itself (compressed). */
  zipBytes: 16 * 1024 * 1024,
  pathLength: 200,
} as const

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

/** Why a path cannot be a file of a pack (`..`, absolute, odd characters), or undefined when it can. */
export function pathProblem(file: string): string | undefined {
  if (file.length === 0) return 'empty file name'
  if (file.length > PACK_LIMITS.pathLength) return `path longer than ${PACK_LIMITS.pathLength} characters`
  if (file.includes('\\')) return 'backslashes are not allowed in paths (use /)'
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return 'absolute paths are not allowed'
  const segments = file.split('/')
  if (segments.some((segment) => segment === '..')) return '".." would leave the pack folder'
  if (segments.some((segment) => segment === '' || segment === '.')) return 'empty or "." path segment'
  const bad = segments.find((segment) => !SEGMENT.test(segment))
  if (bad !== undefined) {
    return `"${bad}": use letters, digits, "_", "-" and "." only (no leading dot: dot-files are not pack content)`
  }
  return undefined
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Every problem of a file map's shape (paths, count, sizes), each naming its file. */
export function checkPackFiles(files: PackFiles): PackProblem[] {
  const problems: PackProblem[] = []
  const names = Object.keys(files)
  if (names.length > PACK_LIMITS.files) {
    problems.push({
      file: '.',
      message: `${names.length} files; a pack may hold at most ${PACK_LIMITS.files}`,
      severity: 'error',
    })
  }
  let total = 0
  for (const name of names) {
    const problem = pathProblem(name)
    if (problem) problems.push({ file: name, message: problem, severity: 'error' })
    const size = byteLength(files[name] ?? '')
    total += size
    if (size > PACK_LIMITS.fileBytes) {
      problems.push({
        file: name,
        message: `${formatBytes(size)}; a file may be at most ${formatBytes(PACK_LIMITS.fileBytes)}`,
        severity: 'error',
      })
    }
  }
  if (total > PACK_LIMITS.totalBytes) {
    problems.push({
      file: '.',
      message: `${formatBytes(total)} in all; a pack may be at most ${formatBytes(PACK_LIMITS.totalBytes)}`,
      severity: 'error',
    })
  }
  if (!('pack.yaml' in files)) problems.push({ file: 'pack.yaml', message: 'missing', severity: 'error' })
  return problems
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}
