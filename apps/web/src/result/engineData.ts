import type { Submission } from '../api/types.ts'

/** One task on one worker, from an engine's trace (pool, mapreduce, gpu). Times in ns from job start. */
export interface TimelineSpan {
  worker: string
  start: number
  end: number
  label: string
}

export interface CounterRow {
  name: string
  yours: number
  reference: number | undefined
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [key, entry] of Object.entries(record(value) ?? {})) {
    if (typeof entry === 'number' && Number.isFinite(entry)) out[key] = entry
  }
  return out
}

/**
 * Engine counters (bytes read/written, shuffle bytes, ops dispatched) next to the reference's. Results
 * carry them only once engines report them, so they are read defensively, wherever the result has them.
 */
export function engineCounters(submission: Submission): CounterRow[] {
  const metrics = record(submission.metrics)
  const perf = record(submission.perf)
  const yours = numbers(metrics?.counters ?? metrics?.engine)
  const reference = numbers(record(perf?.reference)?.counters ?? perf?.referenceCounters)
  return Object.entries(yours).map(([name, value]) => ({ name, yours: value, reference: reference[name] }))
}

export function timelineOf(submission: Submission): TimelineSpan[] {
  const source = record(submission)?.timeline ?? record(submission.metrics)?.timeline
  if (!Array.isArray(source)) return []
  const spans: TimelineSpan[] = []
  for (const item of source) {
    const span = record(item)
    if (!span) continue
    const { worker, start, end, label } = span
    if (
      (typeof worker !== 'number' && typeof worker !== 'string') ||
      typeof start !== 'number' ||
      typeof end !== 'number'
    )
      continue
    spans.push({ worker: String(worker), start, end, label: typeof label === 'string' ? label : '' })
  }
  return spans
}
