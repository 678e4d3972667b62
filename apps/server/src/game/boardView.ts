import type { BoardPage, BoardRow } from '@arena/db'
import type { Board, BoardEntry } from '../api/gameTypes.ts'

/** A board row as the viewer may see it: a hidden learner is anonymous to everyone but themselves. */
export function boardEntry(row: BoardRow, viewerId: number, noisy?: Set<number>): BoardEntry {
  const you = row.userId === viewerId
  const shown = you || !row.hidden
  return {
    rank: row.rank,
    position: row.position,
    userId: shown ? row.userId : null,
    username: shown ? row.username : null,
    you,
    value: row.value,
    submissionId: shown ? row.submissionId : null,
    at: row.at === null ? null : new Date(row.at).toISOString(),
    ...(row.submissionId !== null && noisy?.has(row.submissionId) ? { noisy: true } : {}),
  }
}

export function boardView(
  page: BoardPage,
  viewerId: number,
  meta: Omit<Board, 'rows' | 'you' | 'total'>,
  /** Submissions behind rows whose measurement was noisy. */
  noisy?: Set<number>,
): Board {
  return {
    ...meta,
    rows: page.rows.map((row) => boardEntry(row, viewerId, noisy)),
    you: page.you ? boardEntry(page.you, viewerId, noisy) : null,
    total: page.total,
  }
}
