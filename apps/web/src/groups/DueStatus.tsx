import { type AssignmentState, deadlineStatus, roughDuration } from '@arena/game'
import { useTranslation } from 'react-i18next'
import { useNow } from '../lib/useNow.ts'

/**
 * A learner's standing on an assigned challenge against its deadline: done in time, accepted late, or
 * a live countdown ("Due in 3 hours") that turns into "Overdue". The full date is in the tooltip.
 */
export function DueStatus({
  deadline,
  state,
  solvedShown = false,
}: {
  deadline: string | null
  state: AssignmentState | undefined
  /** The page already shows the state (the group page's cell): say nothing once it is solved. */
  solvedShown?: boolean
}) {
  const { t, i18n } = useTranslation()
  const now = useNow()
  if (solvedShown && (state === 'accepted' || state === 'late')) return null
  if (state === 'late') return <span className="badge badge--warn">{t('groups.cell.late')}</span>
  if (deadline === null) return null
  const at = Date.parse(deadline)
  const date = new Date(at).toLocaleString(i18n.resolvedLanguage)
  if (state === 'accepted') {
    return (
      <span className="badge badge--ok" title={t('groups.due', { date })}>
        {t('groups.doneInTime')}
      </span>
    )
  }
  const status = deadlineStatus(at, now)
  if (status.kind === 'none') return null
  const relative = new Intl.RelativeTimeFormat(i18n.resolvedLanguage, { numeric: 'auto' })
  if (status.kind === 'overdue') {
    const { value, unit } = roughDuration(status.msOver)
    return (
      <span className="badge badge--bad due due--overdue" title={t('groups.due', { date })}>
        {t('groups.overdue', { when: relative.format(-value, unit) })}
      </span>
    )
  }
  const { value, unit } = roughDuration(status.msLeft)
  return (
    <span
      className={`badge due${status.soon ? ' badge--warn due--soon' : ''}`}
      title={t('groups.due', { date })}
    >
      {t('groups.dueIn', { when: relative.format(value, unit) })}
    </span>
  )
}
