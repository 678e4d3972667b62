import { useTranslation } from 'react-i18next'
import type { Submission } from '../api/types.ts'
import { formatBytes, formatNs } from '../lib/format.ts'

/** CPU time, wall time and peak memory of the run, and the runner class. */
export function MetricsList({ submission }: { submission: Submission }) {
  const { t } = useTranslation()
  const metrics = submission.metrics
  if (!metrics) return null
  return (
    <dl className="metrics">
      <div>
        <dt>{t('results.cpuTime')}</dt>
        <dd>{formatNs(metrics.cpuNs)}</dd>
      </div>
      {/* Challenges timed on cpu time may not measure wall time: 0 means "not measured". */}
      {metrics.wallNs > 0 && (
        <div>
          <dt>{t('results.wallTime')}</dt>
          <dd>{formatNs(metrics.wallNs)}</dd>
        </div>
      )}
      <div>
        <dt>{t('results.peakMemory')}</dt>
        <dd>{formatBytes(metrics.peakBytes)}</dd>
      </div>
      <div>
        <dt>{t('results.runner')}</dt>
        <dd>{submission.runnerClass}</dd>
      </div>
    </dl>
  )
}
