import { useTranslation } from 'react-i18next'
import type { Tier, Verdict } from '../api/types.ts'

export function VerdictBadge({ verdict, large }: { verdict: Verdict; large?: boolean }) {
  const { t } = useTranslation()
  const tone = verdict === 'Accepted' ? 'ok' : verdict === 'InternalError' ? 'warn' : 'bad'
  return (
    <span className={`badge badge--${tone}${large ? ' badge--large' : ''}`} data-verdict={verdict}>
      {t(`verdict.${verdict}`)}
    </span>
  )
}

export function TierBadge({ tier }: { tier: Tier | null | undefined }) {
  const { t } = useTranslation()
  if (!tier) return null
  return (
    <span className={`tier tier--${tier}`} title={t('results.tier')}>
      <span className="tier__medal" aria-hidden="true" />
      {t(`tier.${tier}`)}
    </span>
  )
}

export function DifficultyBadge({ difficulty }: { difficulty: 'easy' | 'medium' | 'hard' }) {
  const { t } = useTranslation()
  return <span className={`difficulty difficulty--${difficulty}`}>{t(`difficulty.${difficulty}`)}</span>
}
