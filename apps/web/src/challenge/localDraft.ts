/** The browser's copy of a draft: what keeps code safe while the server is unreachable. */
export interface LocalDraft {
  source: string
  savedAt: number
  /** Whether the server has this exact source. */
  synced: boolean
}

const key = (challengeId: string) => `arena.draft.${challengeId}`

export function readLocalDraft(challengeId: string): LocalDraft | undefined {
  try {
    const raw = localStorage.getItem(key(challengeId))
    if (raw === null) return undefined
    const value = JSON.parse(raw) as Partial<LocalDraft>
    if (typeof value.source !== 'string' || typeof value.savedAt !== 'number') return undefined
    return { source: value.source, savedAt: value.savedAt, synced: value.synced === true }
  } catch {
    return undefined
  }
}

export function writeLocalDraft(challengeId: string, draft: LocalDraft): void {
  try {
    localStorage.setItem(key(challengeId), JSON.stringify(draft))
  } catch {
    // Quota or private mode: the server copy is all there is.
  }
}

/**
 * Which source the editor opens with: an unsynced local draft newer than the server's wins (it was
 * typed while offline), then the server's draft, then the starter.
 */
export function chooseInitialSource(
  local: LocalDraft | undefined,
  server: { source: string; updatedAt: string } | null | undefined,
  starter: string,
): { source: string; from: 'local' | 'server' | 'starter' } {
  const serverTime = server ? Date.parse(server.updatedAt) : Number.NEGATIVE_INFINITY
  if (local && !local.synced && !(local.savedAt < serverTime)) return { source: local.source, from: 'local' }
  if (server) return { source: server.source, from: 'server' }
  if (local) return { source: local.source, from: 'local' }
  return { source: starter, from: 'starter' }
}
