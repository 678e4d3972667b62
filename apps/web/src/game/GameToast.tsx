import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import { eventText } from './eventText.ts'

/**
 * After a verdict: what the submission earned (XP, badges, rating), as a polite live region that stays
 * until dismissed (Escape or the button) and links to the profile.
 */
export function GameToast({ submissionId }: { submissionId: number | undefined }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [dismissed, setDismissed] = useState<number | undefined>(undefined)
  const events = useQuery({
    ...trpc.game.eventsFor.queryOptions({ submissionId: submissionId ?? 1 }),
    enabled: submissionId !== undefined,
  })
  useEffect(() => {
    if (!events.data?.length) return
    void queryClient.invalidateQueries({ queryKey: trpc.game.profile.queryKey() })
    void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })
  }, [events.data, queryClient, trpc])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Esc that closes a dialog (a confirmation) is that dialog's, not a dismissal of the rewards.
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) setDismissed(submissionId)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [submissionId])
  const list = submissionId !== undefined && dismissed !== submissionId ? (events.data ?? []) : []
  return (
    <div className="toast-region" aria-live="polite">
      {list.length > 0 && (
        <div className="toast" role="status">
          <p className="toast__title">{t('game.toastTitle')}</p>
          <ul className="toast__list">
            {list.map((event) => (
              <li key={event.id} className={`toast__item toast__item--${event.kind}`}>
                {eventText(t, event)}
              </li>
            ))}
          </ul>
          <div className="toast__actions">
            <Link to="/profile" className="btn btn--small">
              {t('nav.profile')}
            </Link>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => setDismissed(submissionId)}
            >
              {t('game.dismiss')}
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
