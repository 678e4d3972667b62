import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AccountSecurity } from '../account/AccountSecurity.tsx'
import { useTRPC } from '../api/trpc.ts'
import type { BadgeInfo, GameProfile } from '../api/types.ts'
import { eventText } from '../game/eventText.ts'
import { localized } from '../lib/localized.ts'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { ProgressBar } from '../ui/ProgressBar.tsx'
import { Spinner } from '../ui/Spinner.tsx'

export default function ProfilePage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const profile = useQuery(trpc.game.profile.queryOptions())
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('game.profileTitle')}</h1>
        <p className="muted">{t('game.profileSubtitle')}</p>
      </header>
      {profile.isPending && <Spinner />}
      {profile.isError && <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()} />}
      {profile.data && <Profile profile={profile.data} />}
    </div>
  )
}

function Profile({ profile }: { profile: GameProfile }) {
  const { t, i18n } = useTranslation()
  const date = (at: number | string) => new Date(at).toLocaleDateString(i18n.resolvedLanguage)
  const { level, streak } = profile
  const trpc = useTRPC()
  const map = useQuery(trpc.course.map.queryOptions())
  const names = new Map<string, string>([
    ...profile.badges.map(
      (badge) => [badge.id, localized(i18n.resolvedLanguage, badge.title, badge.title_ko)] as const,
    ),
    ...(map.data?.topics ?? []).flatMap((topic) =>
      topic.challenges.map(
        (challenge) =>
          [challenge.id, localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)] as const,
      ),
    ),
  ])
  return (
    <div className="profile">
      <section className="card section-card profile__level" aria-labelledby="level-heading">
        <h2 id="level-heading" className="profile__level-title">
          {t('game.level', { level: level.level })}
          <span className="xp">{t('game.xpTotal', { xp: profile.xp })}</span>
        </h2>
        <ProgressBar
          value={level.xp - level.levelXp}
          max={level.nextLevelXp - level.levelXp}
          label={t('game.level', { level: level.level })}
          detail={t('game.xpToNext', { xp: level.xp, next: level.nextLevelXp, level: level.level + 1 })}
        />
      </section>

      <div className="profile__grid">
        <section className="card section-card" aria-labelledby="streak-heading">
          <h2 id="streak-heading">{t('game.streak')}</h2>
          <p className="profile__big">
            <span className={`flame${streak.current ? '' : ' flame--out'}`} aria-hidden="true" />
            {t('game.streakDays', { count: streak.current })}
          </p>
          <p className="muted">{streak.activeToday ? t('game.streakToday') : t('game.streakNotToday')}</p>
          <p className="small">
            {t('game.streakLongest', { count: streak.longest })} ·{' '}
            {t('game.streakFreezes', { count: streak.freezes })}
          </p>
          <p className="small muted">{t('game.streakFreezeHint')}</p>
        </section>

        <section className="card section-card" aria-labelledby="rating-heading">
          <h2 id="rating-heading">{t('game.ratings')}</h2>
          {profile.ratings.length === 0 ? (
            <p className="muted">{t('game.noRating')}</p>
          ) : (
            <ul className="plain-list">
              {profile.ratings.map((rating) => (
                <li key={rating.runnerClass}>
                  <strong>{rating.runnerClass}</strong>{' '}
                  <span className="profile__big">
                    {t('game.ratingValue', { rating: rating.rating, deviation: rating.deviation })}
                  </span>{' '}
                  {rating.provisional && <span className="badge badge--warn">{t('game.provisional')}</span>}
                  <div className="small muted">{t('game.ratingGames', { count: rating.games })}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card section-card" aria-labelledby="mastery-heading">
        <h2 id="mastery-heading">{t('game.mastery')}</h2>
        <div className="profile__mastery">
          {profile.mastery.map((entry) => (
            <ProgressBar
              key={entry.topic}
              value={Math.round(entry.mastery * 100)}
              max={100}
              label={localized(i18n.resolvedLanguage, entry.title, entry.title_ko)}
              detail={`${Math.round(entry.mastery * 100)}% · ${t('game.masteryDetail', { accepted: entry.accepted, total: entry.total })}`}
            />
          ))}
        </div>
      </section>

      <section className="card section-card" aria-labelledby="badges-heading">
        <h2 id="badges-heading">{t('game.badges')}</h2>
        <ul className="badge-grid">
          {profile.badges.map((badge) => (
            <BadgeCard key={badge.id} badge={badge} date={date} />
          ))}
        </ul>
      </section>

      <section className="card section-card" aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t('game.feed')}</h2>
        {profile.events.length === 0 ? (
          <EmptyState title={t('game.noEvents')} hint={t('game.noEventsHint')} />
        ) : (
          <ol className="feed">
            {profile.events.map((event) => (
              <li key={event.id} className={`feed__item feed__item--${event.kind}`}>
                <span>{eventText(t, event, names)}</span>
                <time className="small muted" dateTime={event.at}>
                  {new Date(event.at).toLocaleString(i18n.resolvedLanguage)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>

      <Settings profile={profile} />
      <AccountSecurity />
    </div>
  )
}

function BadgeCard({ badge, date }: { badge: BadgeInfo; date: (at: number) => string }) {
  const { t, i18n } = useTranslation()
  const title = localized(i18n.resolvedLanguage, badge.title, badge.title_ko)
  return (
    <li className={`badge-card${badge.earned ? ' badge-card--earned' : ''}`}>
      <span className="badge-card__icon" aria-hidden="true">
        <span className={`medal${badge.earned ? ' medal--earned' : ''}`} />
      </span>
      <div>
        <strong>{title}</strong>
        <p className="small muted">
          {localized(i18n.resolvedLanguage, badge.description, badge.description_ko)}
        </p>
        {badge.earned && badge.earnedAt !== null ? (
          <p className="small">{t('game.badgeEarned', { date: date(badge.earnedAt) })}</p>
        ) : (
          <ProgressBar
            value={badge.current}
            max={badge.target}
            label={title}
            detail={t('game.badgeProgress', { current: badge.current, target: badge.target })}
          />
        )}
      </div>
    </li>
  )
}

function Settings({ profile }: { profile: GameProfile }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [timeZone, setTimeZone] = useState(profile.timeZone)
  const [hidden, setHidden] = useState(profile.hidden)
  const save = useMutation(
    trpc.game.settings.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.game.profile.queryKey() }),
    }),
  )
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return (
    <section className="card section-card" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('game.settings')}</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          save.mutate({ timeZone, hidden })
        }}
      >
        <label className="field">
          <span>{t('game.timeZone')}</span>
          <input value={timeZone} onChange={(event) => setTimeZone(event.target.value)} list="time-zones" />
          <datalist id="time-zones">
            <option value={browserZone} />
            <option value="UTC" />
            <option value="Asia/Seoul" />
          </datalist>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={hidden} onChange={(event) => setHidden(event.target.checked)} />
          {t('game.hidden')}
        </label>
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {t('game.save')}
        </button>
        {save.isSuccess && <span role="status">{t('game.saved')}</span>}
      </form>
      {save.isError && <ErrorNotice error={save.error} />}
    </section>
  )
}
