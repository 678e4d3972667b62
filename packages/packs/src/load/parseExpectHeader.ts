import { VERDICTS, type Verdict } from '@arena/grader'

const HEADER = /^\s*\/\/\s*@expect\b\s*(.*)$/

export type ExpectHeader = { ok: true; expect: Verdict | null } | { ok: false; message: string; line: number }

/**
 * Reads `// @expect <Verdict>` from the first line of a wrong solution. Without the header any verdict
 * but Accepted will do, which is the right default for "this must be rejected".
 */
export function parseExpectHeader(source: string): ExpectHeader {
  const lines = source.split(/\r?\n/, 6)
  const match = HEADER.exec(lines[0] ?? '')
  if (!match) {
    // A header on a later line is ignored by the harness; say so rather than silently not checking it.
    const late = lines.findIndex((line, index) => index > 0 && HEADER.test(line))
    if (late > 0)
      return { ok: false, message: '`// @expect <Verdict>` must be the first line', line: late + 1 }
    return { ok: true, expect: null }
  }
  const verdict = (match[1] ?? '').trim()
  if (!(VERDICTS as readonly string[]).includes(verdict)) {
    const shown = verdict ? `unknown verdict "${verdict}"` : 'missing verdict'
    return { ok: false, message: `@expect: ${shown}; use one of ${VERDICTS.join(', ')}`, line: 1 }
  }
  if (verdict === 'Accepted') {
    return { ok: false, message: '@expect Accepted: a wrong solution must be rejected', line: 1 }
  }
  return { ok: true, expect: verdict as Verdict }
}

/** Whether the file's leading comment block (its first lines that are `//` comments) has `mark`. */
function leadingCommentHas(source: string, mark: RegExp): boolean {
  for (const line of source.split(/\r?\n/)) {
    if (!/^\s*\/\//.test(line)) return false
    if (mark.test(line)) return true
  }
  return false
}

/**
 * Whether a wrong solution is marked as a shortcut around the lesson (`// @skips-lesson` anywhere in
 * its leading `//` comment lines): `pack test` wants at least one per challenge, wrong or slow.
 */
export function skipsLesson(source: string): boolean {
  return leadingCommentHas(source, /@skips-lesson\b/)
}

/**
 * Whether a wrong solution is marked `// @perf-trial` in its leading comment: it is rejected only on a
 * timed case (a size dispatch takes its shortcut where the inputs are small), so `pack test` grades it
 * with the performance trial rather than on the tests alone.
 */
export function needsPerfTrial(source: string): boolean {
  return leadingCommentHas(source, /@perf-trial\b/)
}
