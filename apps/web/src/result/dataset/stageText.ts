import type { TFunction } from 'i18next'
import type { StageNode } from './stageGraphLayout.ts'

/** The stage kinds the dataset engine reports (packages/engines/src/dataset/stageCounters.ts). */
const STAGE_KINDS = ['shuffleMap', 'sample', 'result'] as const
type StageKind = (typeof STAGE_KINDS)[number]

/** A stage kind in the reader's language; a kind this page does not know yet, as the engine wrote it. */
export function stageKindLabel(t: TFunction, kind: string): string {
  return STAGE_KINDS.includes(kind as StageKind) ? t(`report.dataset.kind.${kind as StageKind}`) : kind
}

/** A stage counter, 0 when the engine did not report it (an older engine, or a cap). */
export function stageCounter(stage: StageNode, name: string): number {
  const value = stage.counters[name]
  return value !== undefined && Number.isFinite(value) ? value : 0
}

/**
 * What a stage runs, short enough for its node: each transformation without its note (`reduceByKey
 * (map side)` → `reduceByKey`), joined by arrows; when that is longer than `max` characters, the first
 * and the last (what the stage reads and what it ends in) around an ellipsis, cut only if still too
 * long. The node's description and the table keep the full list.
 */
export function shortPipeline(stage: StageNode, max = 34): string {
  const names = stage.transformations.map((name) => name.replace(/\s*\(.*\)$/, ''))
  const whole = names.join(' → ')
  if (whole.length <= max) return whole
  const ends = names.length > 2 ? `${names[0]} → … → ${names.at(-1)}` : whole
  return ends.length <= max ? ends : `${ends.slice(0, max - 1)}…`
}
