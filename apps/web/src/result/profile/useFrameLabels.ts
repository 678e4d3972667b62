import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProfileFrame } from '../../api/types.ts'
import { formatNs, formatPercent } from '../../lib/format.ts'
import type { FlameLabels } from './flameOption.ts'

/** The grader's frame for wall time beyond the call's CPU (summarizeProfile.ts `WAITING_FRAME`). */
export const WAITING_FRAME = '(waiting)'

/** The grader's names of runtime frames (profile/summarizeProfile.ts and V8's own), and their keys. */
const RUNTIME_NAMES: Record<string, 'waiting' | 'gc' | 'program' | 'platform'> = {
  [WAITING_FRAME]: 'waiting',
  '(garbage collector)': 'gc',
  '(program)': 'program',
  '(arena runtime)': 'platform',
}

/** How frames read in the chart, its tooltip and the keyboard's read-out, in the page's language. */
export function useFrameLabels(totalUs: number): FlameLabels & {
  parts(frame: ProfileFrame): { name: string; share: string; total: string; self: string }
} {
  const { t } = useTranslation()
  return useMemo(() => {
    const frameName = (frame: ProfileFrame) => {
      const runtime = frame.kind === 'runtime' ? RUNTIME_NAMES[frame.name] : undefined
      if (runtime) return t(`timeProfile.names.${runtime}`)
      return frame.line === undefined ? frame.name : `${frame.name} :${frame.line}`
    }
    const parts = (frame: ProfileFrame) => ({
      name: frameName(frame),
      share: formatPercent(totalUs > 0 ? frame.totalUs / totalUs : 0),
      total: formatNs(frame.totalUs * 1000),
      self: formatNs(frame.selfUs * 1000),
    })
    return {
      frameName,
      parts,
      detail: (frame: ProfileFrame) => {
        const kind = t(`timeProfile.kinds.${frame.kind}`)
        const line = frame.line === undefined ? '' : ` · ${t('timeProfile.line', { line: frame.line })}`
        return `${kind}${line} · ${t('timeProfile.detail', parts(frame))}`
      },
    }
  }, [t, totalUs])
}
