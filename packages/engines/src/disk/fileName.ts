/** Longest file name learner code may use in its scratch folder. */
export const MAX_NAME_LENGTH = 100

const ALLOWED = /^[A-Za-z0-9._-]+$/

/**
 * Why a name is not a plain file name of the scratch folder, or undefined when it is one. Only plain
 * names exist there: no folders, no way up or out, nothing the host file system would interpret.
 */
export function fileNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `a file name must be a string, got ${typeof name}`
  if (name.length === 0) return 'a file name must not be empty'
  const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)
  if (name.length > MAX_NAME_LENGTH)
    return `the file name ${shown} is longer than ${MAX_NAME_LENGTH} characters`
  if (name.includes('\0')) return `the file name ${shown} contains a NUL character`
  if (name.startsWith('/')) return `${shown} is an absolute path; use a plain file name such as "run-1.bin"`
  if (name === '.' || name === '..' || name.includes('..'))
    return `${shown} contains ".."; only plain file names inside the scratch folder are allowed`
  if (name.includes('/') || name.includes('\\'))
    return `${shown} is a path; the scratch folder has no sub-folders, use a plain file name such as "run-1.bin"`
  if (!ALLOWED.test(name)) return `the file name ${shown} may only contain letters, digits, ".", "_" and "-"`
  return undefined
}
