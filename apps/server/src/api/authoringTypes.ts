import type { PackProblem } from '@arena/packs'
import type { PackTestReportView, PackTestRunnerEvent } from '../authoring/packTestTypes.ts'

export type PackVisibility = 'draft' | 'private' | 'public'
export type { PackTestReportRow, PackTestReportView } from '../authoring/packTestTypes.ts'

export interface AuthoredPackSummary {
  packId: string
  title: string
  visibility: PackVisibility
  groupId: number | null
  groupName: string | null
  /** The published version learners see, if any. */
  currentVersion: number | null
  versions: number
  updatedAt: string
}

export interface PackVersionView {
  version: number
  label: string
  hash: string
  current: boolean
  publishedAt: string
  challenges: { key: string; title: string }[]
}

export interface PackTestView {
  id: number
  hash: string
  status: 'queued' | 'running' | 'done' | 'failed'
  ok: boolean | null
  report: PackTestReportView | null
  text: string | null
  error: string | null
  createdAt: string
  finishedAt: string | null
}

export interface PackDraftView {
  packId: string
  visibility: PackVisibility
  groupId: number | null
  files: Record<string, string>
  updatedAt: string
  /** The draft's content hash and every problem `arena pack validate` finds in it. */
  hash: string
  problems: PackProblem[]
  /**
   * Every challenge folder (one with a challenge.yaml), in pack.yaml order first, with its validated
   * challenge.yaml (defaults filled in) for the metadata form, or null while that file has problems.
   */
  challenges: { slug: string; config: Record<string, unknown> | null }[]
  /** The newest test of exactly this content. */
  test: PackTestView | null
  versions: PackVersionView[]
}

/** Live events of a pack test: where it stands, the runner's plan and rows, then the stored result. */
export type PackTestProgress =
  | { type: 'queued'; ahead: number }
  | { type: 'running' }
  | PackTestRunnerEvent
  | { type: 'done'; test: PackTestView }

export interface RegradeView {
  id: number
  challengeKey: string
  packVersion: number
  total: number
  done: number
  accepted: number
  createdAt: string
}
