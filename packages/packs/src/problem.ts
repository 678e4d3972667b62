/** One thing wrong with a pack, as a value: `validatePack` returns all of them. */
export interface PackProblem {
  /** The file (or folder) at fault, as the caller named the pack folder, e.g. `challenges/core/foo/challenge.yaml`. */
  file: string
  /** Dotted path inside a YAML file, e.g. `limits.memoryMb`. */
  field?: string
  message: string
  /** 1-based position in the file, where known. */
  line?: number
  column?: number
  /** Warnings are printed but do not make a pack invalid. */
  severity: 'error' | 'warning'
}

/** `challenges/core/foo/challenge.yaml: limits.memoryMb: Number must be at least 8 (line 12)` */
export function formatProblem(problem: PackProblem): string {
  const field = problem.field ? `${problem.field}: ` : ''
  const where = problem.line ? ` (line ${problem.line})` : ''
  const warning = problem.severity === 'warning' ? 'warning: ' : ''
  return `${problem.file}: ${warning}${field}${problem.message}${where}`
}

export function isError(problem: PackProblem): boolean {
  return problem.severity === 'error'
}
