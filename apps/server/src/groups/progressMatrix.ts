import { type ArenaDb, type GroupMember, type MemberResult, memberResults, openedHintCounts } from '@arena/db'
import { type AssignmentResult, assignmentCell, assignmentCounts } from '@arena/game'
import type { CellState, ChallengeStats, InstructorView } from '../api/gameTypes.ts'
import type { AssignedChallenge } from './assignedChallenges.ts'

/**
 * Members x assigned challenges, each cell from `assignmentCell` (accepted in time, accepted late,
 * attempted, none), and every count (a row's solved and late, a column's statistics) from
 * `assignmentCounts` over those cells, so totals always agree with what the cells show.
 */
export function progressMatrix(
  db: ArenaDb,
  groupId: number,
  members: GroupMember[],
  challenges: AssignedChallenge[],
): InstructorView {
  const results = memberResults(
    db,
    members.map((member) => member.userId),
    challenges.map((challenge) => challenge.key),
  )
  const byCell = new Map<string, AssignmentResult[]>()
  const verdicts = new Map<string, Map<string, number>>()
  for (const result of results) {
    const id = `${result.userId} ${result.challengeKey}`
    byCell.set(id, [...(byCell.get(id) ?? []), asAssignmentResult(result)])
    if (result.mode === 'full' && result.verdict) {
      const counts = verdicts.get(result.challengeKey) ?? new Map<string, number>()
      counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1)
      verdicts.set(result.challengeKey, counts)
    }
  }
  const hints = openedHintCounts(
    db,
    members.map((member) => member.userId),
    challenges.map((challenge) => challenge.key),
  )
  const rows = members.map((member) => {
    const cells = challenges.map((challenge): CellState => {
      const id = `${member.userId} ${challenge.key}`
      const cell = assignmentCell(byCell.get(id) ?? [], challenge.deadline?.getTime() ?? null)
      return { ...cell, hintsOpened: hints.get(id) ?? 0 }
    })
    const counts = assignmentCounts(cells.map((cell) => cell.state))
    return {
      userId: member.userId,
      username: member.username,
      role: member.role,
      cells,
      solved: counts.accepted,
      late: counts.late,
    }
  })
  const stats: ChallengeStats[] = challenges.map((challenge, column) => {
    const cells = rows.map((row) => row.cells[column] as CellState)
    const counts = assignmentCounts(cells.map((cell) => cell.state))
    const scores = cells.flatMap((cell) =>
      (cell.state === 'accepted' || cell.state === 'late') && cell.score !== null ? [cell.score] : [],
    )
    return {
      challengeId: challenge.key,
      title: challenge.title,
      members: rows.length,
      attempted: counts.attempted,
      accepted: counts.accepted,
      late: counts.late,
      acceptanceRate: counts.acceptanceRate,
      verdicts: [...(verdicts.get(challenge.key) ?? new Map<string, number>()).entries()]
        .map(([verdict, count]) => ({ verdict, count }))
        .sort((a, b) => b.count - a.count || a.verdict.localeCompare(b.verdict)),
      medianScore: median(scores),
    }
  })
  return {
    groupId,
    challenges: challenges.map((challenge) => ({
      id: challenge.key,
      title: challenge.title,
      title_ko: challenge.titleKo,
      deadline: challenge.deadline?.toISOString() ?? null,
    })),
    rows,
    stats,
  }
}

function asAssignmentResult(result: MemberResult): AssignmentResult {
  return {
    id: result.id,
    mode: result.mode,
    verdict: result.verdict,
    tier: result.tier,
    score: result.score,
    submittedAt: result.createdAt,
    finishedAt: result.finishedAt,
  }
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The matrix as CSV (RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets never run it). */
export function matrixCsv(view: InstructorView): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@]/.test(value) ? `'${value}` : value
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
  }
  const header = ['username', 'role', ...view.challenges.map((challenge) => challenge.id), 'solved', 'late']
  const lines = view.rows.map((row) => [
    row.username,
    row.role,
    ...row.cells.map((state) =>
      state.state === 'accepted' || state.state === 'late'
        ? `${state.state}${state.tier ? `:${state.tier}` : ''}${state.score !== null ? `:${state.score.toFixed(3)}` : ''}`
        : state.state,
    ),
    String(row.solved),
    String(row.late),
  ])
  return `${[header, ...lines].map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`
}
