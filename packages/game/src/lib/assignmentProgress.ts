/**
 * A group assignment, per member and challenge: one state derived from the member's results and the
 * deadline, and every count (a member's solved, a challenge's acceptance) derived from those states,
 * so a matrix's totals always agree with its cells. The server builds the matrix with these; the page
 * shows countdowns with `deadlineStatus`.
 */

/**
 * - `accepted`: an Accepted full submission sent before the deadline (or with no deadline);
 * - `late`: Accepted, but only by submissions sent after the deadline: solved, yet not counted for
 *   the group's board;
 * - `attempted`: submitted (samples runs included), never Accepted;
 * - `none`: nothing submitted.
 */
export type AssignmentState = 'none' | 'attempted' | 'late' | 'accepted'

export interface AssignmentResult {
  id: number
  mode: string
  verdict: string | null
  tier: string | null
  score: number | null
  /** When it was submitted (ms): this is what the deadline is compared with, not when grading ended. */
  submittedAt: number
  /** When it was graded (ms), null while it runs: orders the latest attempt. */
  finishedAt: number | null
}

export interface AssignmentCell {
  state: AssignmentState
  /** The best tier of the acceptances that decide the state (in time, else late). */
  tier: string | null
  score: number | null
  /** The submission to open: the best-scored deciding acceptance, else the latest attempt. */
  submissionId: number | null
}

const TIER_RANK: Record<string, number> = { bronze: 1, silver: 2, gold: 3 }

/** One member's cell for one challenge, from their results on it. */
export function assignmentCell(
  results: readonly AssignmentResult[],
  deadline: number | null,
): AssignmentCell {
  if (results.length === 0) return { state: 'none', tier: null, score: null, submissionId: null }
  const accepted = results.filter((result) => result.mode === 'full' && result.verdict === 'Accepted')
  const inTime = accepted.filter((result) => deadline === null || result.submittedAt < deadline)
  const deciding = inTime.length > 0 ? inTime : accepted
  if (deciding.length > 0) {
    let best = deciding[0] as AssignmentResult
    let tier: string | null = null
    for (const result of deciding) {
      if ((result.score ?? -1) > (best.score ?? -1)) best = result
      if (result.tier && (TIER_RANK[result.tier] ?? 0) > (TIER_RANK[tier ?? ''] ?? 0)) tier = result.tier
    }
    return {
      state: inTime.length > 0 ? 'accepted' : 'late',
      tier,
      score: best.score,
      submissionId: best.id,
    }
  }
  let latest = results[0] as AssignmentResult
  for (const result of results) {
    const at = result.finishedAt ?? result.submittedAt
    if (at >= (latest.finishedAt ?? latest.submittedAt)) latest = result
  }
  return { state: 'attempted', tier: null, score: null, submissionId: latest.id }
}

export interface AssignmentCounts {
  /** Cells counted. */
  total: number
  /** Cells with any submission (accepted and late included). */
  attempted: number
  /** Accepted in time: what the group's board counts. */
  accepted: number
  /** Accepted only after the deadline. */
  late: number
  /** (accepted + late) / attempted; null when nobody attempted. */
  acceptanceRate: number | null
}

/** The counts of a row (one member) or a column (one challenge): from the cells' states alone. */
export function assignmentCounts(states: readonly AssignmentState[]): AssignmentCounts {
  const count = (state: AssignmentState) => states.filter((each) => each === state).length
  const accepted = count('accepted')
  const late = count('late')
  const attempted = states.length - count('none')
  return {
    total: states.length,
    attempted,
    accepted,
    late,
    acceptanceRate: attempted ? (accepted + late) / attempted : null,
  }
}

export type DeadlineStatus =
  | { kind: 'none' }
  /** `soon`: less than a day left. */
  | { kind: 'open'; msLeft: number; soon: boolean }
  | { kind: 'overdue'; msOver: number }

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Where `now` stands against a deadline (ms, or null for none). */
export function deadlineStatus(deadline: number | null, now: number): DeadlineStatus {
  if (deadline === null) return { kind: 'none' }
  if (now < deadline) return { kind: 'open', msLeft: deadline - now, soon: deadline - now < DAY }
  return { kind: 'overdue', msOver: now - deadline }
}

export type DurationUnit = 'day' | 'hour' | 'minute'

/**
 * A duration as a count of its largest whole unit (at least 1 minute), for countdowns such as "in 2
 * days" or "3 hours ago" (Intl.RelativeTimeFormat takes the value and unit as they are).
 */
export function roughDuration(ms: number): { value: number; unit: DurationUnit } {
  const span = Math.abs(ms)
  if (span >= 2 * DAY) return { value: Math.floor(span / DAY), unit: 'day' }
  if (span >= HOUR) return { value: Math.floor(span / HOUR), unit: 'hour' }
  return { value: Math.max(1, Math.floor(span / 60_000)), unit: 'minute' }
}
