/** `arena new` refused to write: the challenge exists, or pack.yaml cannot take another entry. */
export class ScaffoldError extends Error {
  readonly code: 'ARENA_CHALLENGE_EXISTS' | 'ARENA_PACK_YAML_UNUSABLE'

  constructor(code: ScaffoldError['code'], message: string) {
    super(message)
    this.name = 'ScaffoldError'
    this.code = code
  }
}
