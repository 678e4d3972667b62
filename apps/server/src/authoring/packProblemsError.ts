import { formatProblem, type PackProblem } from '@arena/packs'
import { TRPCError } from '@trpc/server'

/**
 * A pack refused: the message lists every error as `file: reason (line n)`, and `cause.issues` lets the
 * page put each one next to its file (the error formatter turns them into `data.issues`).
 */
export function packProblemsError(what: string, problems: PackProblem[]): TRPCError {
  const errors = problems.filter((problem) => problem.severity === 'error')
  const issues = errors.map((problem) => ({ path: [problem.file], message: problemText(problem) }))
  return new TRPCError({
    code: 'BAD_REQUEST',
    message: `${what}: ${errors.map(formatProblem).join('; ')}`,
    cause: Object.assign(new Error(what), { issues }),
  })
}

function problemText(problem: PackProblem): string {
  const field = problem.field ? `${problem.field}: ` : ''
  return `${field}${problem.message}${problem.line ? ` (line ${problem.line})` : ''}`
}
