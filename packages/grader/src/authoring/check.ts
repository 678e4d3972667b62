import type { CheckResult } from './types.ts'

export function pass(): CheckResult {
  return { ok: true }
}

export function fail(message: string, detail: { expected?: string; actual?: string } = {}): CheckResult {
  return { ok: false, message, ...detail }
}
