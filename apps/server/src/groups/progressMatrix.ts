import { type ArenaDb, type GroupMember, memberResults, openedHintCounts } from '@arena/db'
import type { CellState, ChallengeStats, InstructorView } from '../api/gameTypes.ts'
import type { AssignedChallenge } from './assignedChallenges.ts'

const TIER_RANK: Record<string, number> = { bronze: 1, silver: 2, gold: 3 }

/**
 * Members x assigned challenges: accepted (in time, with the best tier and score), attempted, or none;
 * an acceptance after the deadline is marked late and does not count. Plus per-challenge statistics.
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
  const deadlines = new Map(
    challenges.map((challenge) => [challenge.key, challenge.deadline?.getTime() ?? null]),
  )
  const cells = new Map<string, CellState>()
  const latestAt = new Map<string, number>()
  const verdicts = new Map<string, Map<string, number>>()
  for (const result of results) {
    const id = `${result.userId} ${result.challengeKey}`
    const cell = cells.get(id) ?? {
      state: 'attempted',
      tier: null,
      score: null,
      late: false,
      hintsOpened: 0,
      submissionId: null,
    }
    const latest = latestAt.get(id) ?? -1
    const at = result.finishedAt ?? result.createdAt
    if (cell.state !== 'accepted' && at >= latest) {
      cell.submissionId = result.id
      latestAt.set(id, at)
    }
    const deadline = deadlines.get(result.challengeKey) ?? null
    const inTime = deadline === null || (result.finishedAt ?? result.createdAt) < deadline
    if (result.mode === 'full' && result.verdict) {
      const counts = verdicts.get(result.challengeKey) ?? new Map<string, number>()
      counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1)
      verdicts.set(result.challengeKey, counts)
    }
    if (result.mode === 'full' && result.verdict === 'Accepted') {
      if (!inTime) {
        if (cell.state !== 'accepted') cell.late = true
      } else {
        if (cell.state !== 'accepted' || (result.score ?? -1) > (cell.score ?? -1))
          cell.submissionId = result.id
        cell.state = 'accepted'
        cell.late = false
        if (result.tier && (TIER_RANK[result.tier] ?? 0) > (TIER_RANK[cell.tier ?? ''] ?? 0))
          cell.tier = result.tier
        if (result.score !== null && (cell.score === null || result.score > cell.score))
          cell.score = result.score
      }
    }
    cells.set(id, cell)
  }
  const none: CellState = {
    state: 'none',
    tier: null,
    score: null,
    late: false,
    hintsOpened: 0,
    submissionId: null,
  }
  const hints = openedHintCounts(
    db,
    members.map((member) => member.userId),
    challenges.map((challenge) => challenge.key),
  )
  const rows = members.map((member) => {
    const row = challenges.map((challenge) => {
      const id = `${member.userId} ${challenge.key}`
      const cell = cells.get(id) ?? none
      const hintsOpened = hints.get(id) ?? 0
      return hintsOpened ? { ...cell, hintsOpened } : cell
    })
    return {
      userId: member.userId,
      username: member.username,
      role: member.role,
      cells: row,
      solved: row.filter((cell) => cell.state === 'accepted').length,
    }
  })
  const stats: ChallengeStats[] = challenges.map((challenge, column) => {
    const column_ = rows.map((row) => row.cells[column] as CellState)
    const attempted = column_.filter((cell) => cell.state !== 'none').length
    const accepted = column_.filter((cell) => cell.state === 'accepted').length
    const scores = column_.flatMap((cell) =>
      cell.state === 'accepted' && cell.score !== null ? [cell.score] : [],
    )
    return {
      challengeId: challenge.key,
      title: challenge.title,
      members: rows.length,
      attempted,
      accepted,
      acceptanceRate: attempted ? accepted / attempted : null,
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
  const header = ['username', 'role', ...view.challenges.map((challenge) => challenge.id), 'solved']
  const lines = view.rows.map((row) => [
    row.username,
    row.role,
    ...row.cells.map((state) =>
      state.state === 'accepted'
        ? `accepted${state.tier ? `:${state.tier}` : ''}${state.score !== null ? `:${state.score.toFixed(3)}` : ''}`
        : state.late
          ? 'late'
          : state.state,
    ),
    String(row.solved),
  ])
  return `${[header, ...lines].map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`
}
