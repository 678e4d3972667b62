import type { LearnerText } from './learnerText.ts'
import type { CheckResult } from './types.ts'

export function pass(): CheckResult {
  return { ok: true }
}

/** A failed check; `message` is English, or both languages: `fail(msg({ en, ko }))`. */
export function fail(message: LearnerText, detail: { expected?: string; actual?: string } = {}): CheckResult {
  return { ok: false, message, ...detail }
}
