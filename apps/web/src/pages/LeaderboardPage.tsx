import { skipToken, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import { BoardTable } from '../game/BoardTable.tsx'
import { RunnerClassSelect } from '../game/RunnerClassSelect.tsx'
import { localized } from '../lib/localized.ts'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'

type Tab = 'xp' | 'rating' | 'challenge'
const TABS: Tab[] = ['xp', 'rating', 'challenge']

export default function LeaderboardPage() {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const [params, setParams] = useSearchParams()
  const tab = (TABS.includes(params.get('tab') as Tab) ? params.get('tab') : 'xp') as Tab
  const [period, setPeriod] = useState<'week' | 'all'>('all')
  const [groupId, setGroupId] = useState<number | undefined>(undefined)
  const map = useQuery(trpc.course.map.queryOptions())
  const groups = useQuery(trpc.group.list.queryOptions())
  const challenges = map.data?.topics.flatMap((topic) => topic.challenges) ?? []
  const [challengeId, setChallengeId] = useState<string | undefined>(undefined)
  const chosen = challengeId ?? challenges[0]?.id
  // Results stay on the pack version they were graded on: older versions keep their own boards.
  const [packVersion, setPackVersion] = useState<number | undefined>(undefined)
  // Unset: the server picks the board's default class (a GPU challenge: its GPU class with results).
  const [runnerClass, setRunnerClass] = useState<string | undefined>(undefined)
  const current = useQuery(
    trpc.challenge.get.queryOptions(tab === 'challenge' && chosen ? { id: chosen } : skipToken),
  )
  const latestVersion = Number(current.data?.pack.version ?? 0)

  const global = useQuery(
    trpc.leaderboard.global.queryOptions(
      tab === 'challenge'
        ? skipToken
        : {
            by: tab,
            period,
            ...(groupId ? { groupId } : {}),
            ...(tab === 'rating' && runnerClass ? { runnerClass } : {}),
          },
    ),
  )
  const perChallenge = useQuery(
    trpc.leaderboard.challenge.queryOptions(
      tab === 'challenge' && chosen
        ? {
            challengeId: chosen,
            ...(groupId ? { groupId } : {}),
            ...(packVersion ? { packVersion } : {}),
            ...(runnerClass ? { runnerClass } : {}),
          }
        : skipToken,
    ),
  )
  const board = tab === 'challenge' ? perChallenge : global
  const label = { xp: t('board.byXp'), rating: t('board.byRating'), challenge: t('board.byChallenge') }

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('board.title')}</h1>
        <p className="muted">{t('board.subtitle')}</p>
      </header>
      <div className="tabs board-tabs" role="tablist" aria-label={t('board.title')}>
        {TABS.map((each) => (
          <button
            key={each}
            type="button"
            role="tab"
            id={`tab-${each}`}
            aria-selected={tab === each}
            aria-controls="board-panel"
            className="tabs__tab"
            onClick={() => {
              setParams({ tab: each })
              setRunnerClass(undefined)
            }}
          >
            {label[each]}
          </button>
        ))}
      </div>
      <div className="board-controls">
        {tab !== 'challenge' && (
          <fieldset className="segmented" aria-label={t('board.week')}>
            {(['week', 'all'] as const).map((each) => (
              <button
                key={each}
                type="button"
                className="segmented__option"
                aria-pressed={period === each}
                onClick={() => setPeriod(each)}
              >
                {each === 'week' ? t('board.week') : t('board.allTime')}
              </button>
            ))}
          </fieldset>
        )}
        {tab === 'challenge' && (
          <label className="field field--inline">
            <span>{t('board.challenge')}</span>
            <select
              value={chosen ?? ''}
              onChange={(event) => {
                setChallengeId(event.target.value)
                setPackVersion(undefined)
                setRunnerClass(undefined)
              }}
            >
              {challenges.map((challenge) => (
                <option key={challenge.id} value={challenge.id}>
                  {localized(i18n.resolvedLanguage, challenge.title, challenge.title_ko)}
                </option>
              ))}
            </select>
          </label>
        )}
        {tab === 'challenge' && latestVersion > 1 && (
          <label className="field field--inline">
            <span>{t('board.packVersion')}</span>
            <select
              value={packVersion ?? ''}
              onChange={(event) =>
                setPackVersion(event.target.value ? Number(event.target.value) : undefined)
              }
            >
              <option value="">{t('board.currentVersion', { version: latestVersion })}</option>
              {Array.from({ length: latestVersion - 1 }, (_, i) => latestVersion - 1 - i).map((version) => (
                <option key={version} value={version}>
                  {t('board.olderVersion', { version })}
                </option>
              ))}
            </select>
          </label>
        )}
        {tab !== 'xp' && board.data && <RunnerClassSelect board={board.data} onChange={setRunnerClass} />}
        <label className="field field--inline">
          <span>{t('board.scope')}</span>
          <select
            value={groupId ?? ''}
            onChange={(event) => setGroupId(event.target.value ? Number(event.target.value) : undefined)}
          >
            <option value="">{t('board.everyone')}</option>
            {groups.data?.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <section id="board-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="card section-card">
        {board.isPending && tab !== 'challenge' && <Spinner />}
        {board.isError && <ErrorNotice error={board.error} onRetry={() => void board.refetch()} />}
        {board.data && (
          <>
            {board.data.kind === 'challenge' && (
              <p className="small muted">
                {t('board.version', { version: board.data.packVersion, runnerClass: board.data.runnerClass })}{' '}
                · {t('board.metric', { metric: board.data.metric })}
              </p>
            )}
            <BoardTable board={board.data} caption={label[tab]} />
          </>
        )}
      </section>
    </div>
  )
}
