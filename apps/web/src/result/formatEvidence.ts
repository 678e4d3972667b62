import { formatBytes, formatNs, sig } from '../lib/format.ts'
import type { EvidenceUnit } from './engineEvidence.ts'

/** One engine figure for people: bytes in KB/MB, times in µs/ms/s, rates with their unit; – when absent. */
export function formatEvidence(value: number | undefined, unit: EvidenceUnit, language: string): string {
  if (value === undefined || !Number.isFinite(value)) return '–'
  switch (unit) {
    case 'bytes':
      return formatBytes(value)
    case 'ns':
      return formatNs(value)
    case 'count':
      // Counters are medians over rounds: half a task is possible.
      return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value)
    case 'times':
      return `${sig(value)}×`
    case 'percent':
      return `${Math.round(value * 100)}%`
    case 'gflops':
      return `${sig(value)} GFLOP/s`
    case 'gbps':
      return `${sig(value)} GB/s`
  }
}
