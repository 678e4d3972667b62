import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '../api/errors.ts'
import { useTRPC } from '../api/trpc.ts'
import type { HintsView } from '../api/types.ts'
import { Markdown } from './Markdown.tsx'

/**
 * The challenge's hints (issue 18.2): opened one at a time, in order, each showing its XP cost before
 * it is opened and asking once more before charging it. Texts come from the server only once opened.
 */
export function HintsPanel({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const hints = useQuery(trpc.hint.list.queryOptions({ challengeId }))
  const open = useMutation(
    trpc.hint.open.mutationOptions({
      onSuccess: (view) => {
        queryClient.setQueryData(trpc.hint.list.queryKey({ challengeId }), view)
        // The XP in the header and on the profile went down.
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })
        void queryClient.invalidateQueries({ queryKey: trpc.game.profile.queryKey() })
      },
    }),
  )
  if (!hints.data || hints.data.hints.length === 0) return null
  return (
    <HintsPanelView
      view={hints.data}
      opening={open.isPending}
      error={open.isError ? errorMessage(open.error, t) : null}
      onOpen={(index) => open.mutate({ challengeId, index })}
    />
  )
}

export interface HintsPanelViewProps {
  view: HintsView
  opening: boolean
  error: string | null
  onOpen: (index: number) => void
}

export function HintsPanelView({ view, opening, error, onOpen }: HintsPanelViewProps) {
  const { t, i18n } = useTranslation()
  const [confirming, setConfirming] = useState<number | null>(null)
  const korean = i18n.resolvedLanguage === 'ko'
  const next = view.hints.find((hint) => !hint.opened)
  return (
    <section className="hints" aria-labelledby="hints-title" data-testid="hints">
      <h2 id="hints-title">{t('hints.title')}</h2>
      <p className="muted small">{t('hints.intro', { count: view.hints.length })}</p>
      <ol className="hints__list">
        {view.hints.map((hint) => {
          const number = hint.index + 1
          if (hint.opened) {
            const text = korean && hint.text_ko ? hint.text_ko : (hint.text ?? '')
            return (
              <li key={hint.index} className="hints__item hints__item--open" data-testid={`hint-${number}`}>
                <span className="hints__label">
                  {t('hints.label', { number })}{' '}
                  <span className="muted small">{t('hints.paid', { cost: hint.paid ?? hint.cost })}</span>
                </span>
                <Markdown source={text} />
              </li>
            )
          }
          if (hint !== next)
            return (
              <li key={hint.index} className="hints__item hints__item--locked muted">
                {t('hints.locked', { number, previous: number - 1, cost: hint.cost })}
              </li>
            )
          return (
            <li key={hint.index} className="hints__item" data-testid={`hint-${number}`}>
              {view.xp === null ? (
                <span className="muted">{t('hints.logIn', { number, cost: hint.cost })}</span>
              ) : confirming === hint.index ? (
                <fieldset className="hints__confirm" aria-label={t('hints.label', { number })}>
                  <span>
                    {t(view.xp >= hint.cost ? 'hints.confirm' : 'hints.confirmShort', {
                      number,
                      cost: hint.cost,
                      xp: Math.max(0, view.xp),
                    })}
                  </span>
                  <button
                    type="button"
                    className="btn btn--primary btn--small"
                    disabled={opening}
                    // biome-ignore lint/a11y/noAutofocus: the confirmation follows the learner's click; Enter confirms.
                    autoFocus
                    onClick={() => {
                      onOpen(hint.index)
                      setConfirming(null)
                    }}
                  >
                    {t('hints.confirmOpen', { cost: hint.cost })}
                  </button>
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    onClick={() => setConfirming(null)}
                  >
                    {t('hints.cancel')}
                  </button>
                </fieldset>
              ) : (
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={opening}
                  onClick={() => setConfirming(hint.index)}
                >
                  {t('hints.open', { number, cost: hint.cost })}
                </button>
              )}
            </li>
          )
        })}
      </ol>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
