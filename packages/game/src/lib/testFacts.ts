import type { ChallengeInfo, SubmissionFact } from './types.ts'

// Test helpers: a small catalog and a fact builder.
export const CATALOG: ChallengeInfo[] = [
  { key: 'core/sum', title: 'Column sums', topic: 'memory-hierarchy', difficulty: 'easy' },
  { key: 'core/transpose', title: 'Matrix transpose', topic: 'memory-hierarchy', difficulty: 'medium' },
  { key: 'core/external-sort', title: 'External sort', topic: 'out-of-core', difficulty: 'hard', xp: 80 },
  { key: 'core/word-count', title: 'Word count', topic: 'mapreduce', difficulty: 'medium' },
]

let nextId = 1
export function fact(
  partial: Partial<SubmissionFact> & { challengeKey: string; at: number },
): SubmissionFact {
  return {
    submissionId: nextId++,
    mode: 'full',
    verdict: 'Accepted',
    tier: null,
    score: 1,
    runnerClass: 'cpu',
    ...partial,
  }
}

export const DAY = 86_400_000
export const T0 = Date.parse('2026-03-02T12:00:00Z')
