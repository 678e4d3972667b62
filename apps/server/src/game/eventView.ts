import type { GameEventRow } from '@arena/db'
import type { GameEventView } from '../api/gameTypes.ts'

export function eventView(row: GameEventRow): GameEventView {
  return {
    id: row.id,
    kind: row.kind,
    at: row.at.toISOString(),
    amount: row.amount,
    code: row.code,
    params: row.params,
    reason: row.reason,
    submissionId: row.submissionId,
  }
}
