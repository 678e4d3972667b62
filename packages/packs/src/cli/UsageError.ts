/** The command line was wrong (exit code 2); the message says how to call it instead. */
export class UsageError extends Error {
  readonly code = 'ARENA_USAGE'

  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
