import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'

/** Where a queued submission stands, as `submission.get` and the live `queued` event give it. */
export interface QueuePlace {
  ahead: number
  /** 0: no runner of its class is online (it waits for one; no estimate then). */
  runnersOnline?: number
  runnerClass?: string
  /** The server's estimate of the wait until a runner starts it (ms), or null. */
  waitEstimateMs: number | null
}

/** An estimate under this is "any moment now": a few seconds either way is within its error. */
export const ANY_MOMENT_MS = 5_000

/** The estimate as shown: rounded to 5 s under a minute, to whole minutes above. */
export function roundedWait(ms: number): { unit: 'soon' } | { unit: 's' | 'min'; count: number } {
  if (ms < ANY_MOMENT_MS) return { unit: 'soon' }
  const seconds = Math.max(5, Math.round(ms / 5_000) * 5)
  if (seconds < 60) return { unit: 's', count: seconds }
  return { unit: 'min', count: Math.max(1, Math.round(ms / 60_000)) }
}

export function waitText(t: TFunction, ms: number): string {
  const wait = roundedWait(ms)
  if (wait.unit === 'soon') return t('results.waitAnyMoment')
  return wait.unit === 's'
    ? t('results.waitAboutSeconds', { count: wait.count })
    : t('results.waitAboutMinutes', { count: wait.count })
}

/**
 * The spinner of a queued submission: its place in the queue and the estimated wait beside it, or,
 * while no runner of its class is online, that alone (an estimate would promise what nobody grades).
 */
export function QueueStatus({ place }: { place: QueuePlace }) {
  const { t } = useTranslation()
  const noRunner = place.runnersOnline === 0
  const label = noRunner
    ? t('results.noRunnerOnline', { runnerClass: (place.runnerClass ?? '').toUpperCase() })
    : place.ahead > 0
      ? t('results.queuedAhead', { count: place.ahead })
      : t('results.queued')
  const estimate = !noRunner && place.waitEstimateMs !== null ? waitText(t, place.waitEstimateMs) : null
  return (
    <div className="spinner-row" role="status" aria-live="polite" data-testid="queue-status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
      {estimate && <span title={t('results.waitEstimateHint')}>{estimate}</span>}
    </div>
  )
}
