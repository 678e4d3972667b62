import { skipToken, useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { SubmissionListItem } from '../api/types.ts'
import { ChallengeSubpageHeader } from '../challenge/ChallengeSubpageHeader.tsx'
import { formatDateTime, formatRelative, sig } from '../lib/format.ts'
import { TierBadge, VerdictBadge } from '../ui/Badges.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

const DiffView = lazy(() => import('../editor/DiffView.tsx'))

export default function HistoryPage() {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const { pack = '', slug = '' } = useParams()
  const challengeId = `${pack}/${slug}`
  const challenge = useQuery(trpc.challenge.get.queryOptions({ id: challengeId }))
  const list = useQuery(trpc.submission.list.queryOptions({ challengeId }))
  const items = [...(list.data ?? [])].sort(
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id,
  )
  const [base, setBase] = useState<number | undefined>(undefined)
  const [compare, setCompare] = useState<number | undefined>(undefined)

  // By default: the latest submission against the one before it.
  const latestIds = items.slice(0, 2).map((item) => item.id)
  useEffect(() => {
    if (compare === undefined && latestIds[0] !== undefined) setCompare(latestIds[0])
    if (base === undefined && latestIds[1] !== undefined) setBase(latestIds[1])
  }, [latestIds[0], latestIds[1], base, compare])

  const language = i18n.resolvedLanguage ?? 'en'
  return (
    <div className="page page--wide">
      <ChallengeSubpageHeader
        challengeId={challengeId}
        challenge={challenge.data}
        heading={t('history.title')}
        subtitle={t('history.subtitle')}
      />
      {list.isPending && <Spinner />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && (
        <EmptyState
          title={t('history.empty')}
          hint={t('history.emptyHint')}
          action={
            <Link className="btn btn--primary" to={`/c/${challengeId}`}>
              {t('history.backToChallenge')}
            </Link>
          }
        />
      )}
      {items.length > 0 && (
        <TableWrap className="card">
          <table className="table table--history" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('history.when')}</th>
                <th scope="col">{t('history.mode')}</th>
                <th scope="col">{t('history.verdict')}</th>
                <th scope="col">{t('history.score')}</th>
                <th scope="col">{t('history.compareA')}</th>
                <th scope="col">{t('history.compareB')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('history.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <HistoryRow
                  key={item.id}
                  item={item}
                  language={language}
                  base={base}
                  compare={compare}
                  onBase={setBase}
                  onCompare={setCompare}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {items.length > 0 && (
        <DiffSection base={base} compare={compare} dts={challenge.data?.dts} challengeId={challengeId} />
      )}
    </div>
  )
}

function HistoryRow({
  item,
  language,
  base,
  compare,
  onBase,
  onCompare,
}: {
  item: SubmissionListItem
  language: string
  base: number | undefined
  compare: number | undefined
  onBase: (id: number) => void
  onCompare: (id: number) => void
}) {
  const { t } = useTranslation()
  return (
    <tr data-testid={`history-row-${item.id}`}>
      <td>{item.id}</td>
      <td>
        <time dateTime={item.createdAt} title={formatDateTime(item.createdAt, language)}>
          {formatRelative(item.createdAt, language)}
        </time>
      </td>
      <td>
        {t(`results.mode.${item.mode}`)}{' '}
        <span className="muted small">
          {t('history.onVersion', { version: item.packVersion })}
          {item.regradeOf !== null && ` · ${t('history.regradeOf', { id: item.regradeOf })}`}
        </span>
      </td>
      <td>
        {item.verdict ? (
          <VerdictBadge verdict={item.verdict} />
        ) : (
          <span className="muted">{t('history.pending')}</span>
        )}
      </td>
      <td>
        {item.score !== null ? `${sig(item.score)}×` : '–'} <TierBadge tier={item.tier} />
      </td>
      <td>
        <input
          type="radio"
          name="diff-base"
          aria-label={`${t('history.compareA')} #${item.id}`}
          checked={base === item.id}
          onChange={() => onBase(item.id)}
        />
      </td>
      <td>
        <input
          type="radio"
          name="diff-compare"
          aria-label={`${t('history.compareB')} #${item.id}`}
          checked={compare === item.id}
          onChange={() => onCompare(item.id)}
        />
      </td>
      <td>
        <Link to={`/submissions/${item.id}`}>{t('history.open')}</Link>
      </td>
    </tr>
  )
}

function DiffSection({
  base,
  compare,
  dts,
  challengeId,
}: {
  base: number | undefined
  compare: number | undefined
  dts: string | undefined
  challengeId: string
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const a = useQuery({
    ...trpc.submission.get.queryOptions(base !== undefined ? { id: base } : skipToken),
    staleTime: Infinity,
  })
  const b = useQuery({
    ...trpc.submission.get.queryOptions(compare !== undefined ? { id: compare } : skipToken),
    staleTime: Infinity,
  })
  if (base === undefined || compare === undefined) {
    return <p className="muted diff-hint">{t('history.diffHint')}</p>
  }
  return (
    <section className="card diff" aria-labelledby="diff-title">
      <h2 id="diff-title">{t('history.diffTitle', { a: base, b: compare })}</h2>
      {(a.error || b.error) && <ErrorNotice error={a.error ?? b.error} />}
      <div className="diff__editor">
        {a.data && b.data ? (
          <ErrorBoundary>
            <Suspense fallback={<div className="editor-loading">{t('history.diffLoading')}</div>}>
              <DiffView
                original={a.data.source}
                modified={b.data.source}
                dts={dts}
                libPath={`file:///arena/${challengeId}.d.ts`}
                loadingLabel={t('history.diffLoading')}
                labels={{
                  original: t('history.diffOriginal', { id: base }),
                  modified: t('history.diffModified', { id: compare }),
                }}
              />
            </Suspense>
          </ErrorBoundary>
        ) : (
          <div className="editor-loading">{t('history.diffLoading')}</div>
        )}
      </div>
    </section>
  )
}
