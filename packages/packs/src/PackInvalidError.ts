import { formatProblem, isError, type PackProblem } from './problem.ts'

/** Thrown by `loadPack` when a pack has errors; `problems` holds every one of them. */
export class PackInvalidError extends Error {
  readonly code = 'ARENA_PACK_INVALID'
  readonly problems: PackProblem[]

  constructor(dir: string, problems: PackProblem[]) {
    const errors = problems.filter(isError)
    super(`${dir}: invalid pack (${errors.length} problems)\n${errors.map(formatProblem).join('\n')}`)
    this.name = 'PackInvalidError'
    this.problems = problems
  }
}
