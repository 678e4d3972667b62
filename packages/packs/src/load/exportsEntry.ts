/**
 * Whether a solution file exports the entry function. A textual check, not a compile: it catches a
 * renamed entry before a whole pack test, and a miss is caught again, precisely, when grading.
 */
export function exportsEntry(source: string, entry: string): boolean {
  const name = entry.replace(/\$/g, '\\$')
  const patterns = [
    new RegExp(`\\bexport\\s+(async\\s+)?function\\s*\\*?\\s*${name}(?![\\w$])`),
    new RegExp(`\\bexport\\s+(const|let|var)\\s+${name}(?![\\w$])`),
    new RegExp(`\\bexport\\s*\\{[^}]*(?<![\\w$])${name}(?![\\w$])[^}]*\\}`),
  ]
  return patterns.some((pattern) => pattern.test(source))
}
