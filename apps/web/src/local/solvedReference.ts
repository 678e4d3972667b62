import type { PageProgram } from './compileInPage.ts'

/**
 * The challenge version's reference, compiled by the server, once this learner solved the challenge
 * (apps/server/src/localRun/serveSolvedReference.ts); undefined before that (403) or when the server
 * cannot be asked: local timings then compare with the learner's previous run.
 */
export async function solvedReference(
  challengeId: string,
  packHash: string,
): Promise<PageProgram | undefined> {
  try {
    const response = await fetch(`/local-run/${challengeId}/${encodeURIComponent(packHash)}/reference.json`, {
      credentials: 'same-origin',
    })
    if (!response.ok) return undefined
    const body = (await response.json()) as { program?: PageProgram }
    return body.program
  } catch {
    return undefined
  }
}
