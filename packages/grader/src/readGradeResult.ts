import { GRADE_RESULT_VERSION, gradeResultSchema } from './resultSchema.ts'
import type { GradeResult } from './types.ts'

export type ReadGradeResult = { ok: true; result: GradeResult } | { ok: false; problem: string }

/**
 * A grade result that crossed a process or was stored (a runner's job result, a database row), read
 * against the contract of its `version`. Fields of no version are dropped. A result that meets no
 * version's contract is refused with what is wrong, never passed on half-read: a runner of another
 * release, or a row from before results carried their version, is the reader's to fall back from.
 */
export function readGradeResult(value: unknown): ReadGradeResult {
  const version = (value as { version?: unknown } | null)?.version
  if (version !== GRADE_RESULT_VERSION) {
    return {
      ok: false,
      problem: `its version is ${JSON.stringify(version ?? null)}, this release reads version ${GRADE_RESULT_VERSION}`,
    }
  }
  const parsed = gradeResultSchema.safeParse(value)
  if (parsed.success) return { ok: true, result: parsed.data }
  const first = parsed.error.issues[0]
  const where = first?.path.join('.') || 'the result'
  return {
    ok: false,
    problem: `${where}: ${first?.message ?? 'does not match'}${parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : ''}`,
  }
}
