import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import type { AfterSolveView } from '../api/types.ts'
import { ChallengeSubpageHeader } from '../challenge/ChallengeSubpageHeader.tsx'
import { Markdown } from '../challenge/Markdown.tsx'
import { formatRatio } from '../lib/format.ts'
import { TierBadge } from '../ui/Badges.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { ScrollablePre } from '../ui/ScrollablePre.tsx'
import { Spinner } from '../ui/Spinner.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'

/**
 * "After you solve it" (issue 18.3): the editorial, the reference solution and the solutions other
 * learners shared, ranked per runner class. Locked, with the way to unlock it, until the learner
 * has an Accepted Submit.
 */
export default function SolutionsPage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const { pack = '', slug = '' } = useParams()
  const challengeId = `${pack}/${slug}`
  const challenge = useQuery(trpc.challenge.get.queryOptions({ id: challengeId }))
  const after = useQuery(trpc.solution.afterSolve.queryOptions({ challengeId }))
  return (
    <div className="page page--wide">
      <ChallengeSubpageHeader
        challengeId={challengeId}
        challenge={challenge.data}
        heading={t('solutions.title')}
        subtitle={t('solutions.subtitle')}
      />
      {after.isPending && <Spinner />}
      {after.isError && <ErrorNotice error={after.error} onRetry={() => void after.refetch()} />}
      {after.data && <SolutionsView view={after.data} />}
    </div>
  )
}

export function SolutionsView({ view }: { view: AfterSolveView }) {
  const { t, i18n } = useTranslation()
  if (!view.unlocked)
    return (
      <EmptyState
        title={t('solutions.locked')}
        hint={t('solutions.lockedHint')}
        action={
          <Link className="btn btn--primary" to={`/c/${view.challengeId}`}>
            {t('history.backToChallenge')}
          </Link>
        }
      />
    )
  const korean = i18n.resolvedLanguage === 'ko'
  const editorial = korean && view.editorial_ko ? view.editorial_ko : view.editorial
  return (
    <div className="solutions">
      <section className="card report__section" data-testid="editorial">
        <h2>{t('solutions.editorial')}</h2>
        {editorial ? (
          <article className="statement" lang={korean && view.editorial_ko ? 'ko' : 'en'}>
            <Markdown source={editorial} />
          </article>
        ) : (
          <p className="muted">{t('solutions.noEditorial')}</p>
        )}
      </section>
      <ReferenceSection source={view.reference} />
      <section className="card report__section" data-testid="community">
        <h2>{t('solutions.community')}</h2>
        {view.community.length === 0 ? (
          <EmptyState title={t('solutions.communityEmpty')} hint={t('solutions.communityEmptyHint')} />
        ) : (
          byRunnerClass(view.community).map(([runnerClass, rows]) => (
            <TableWrap key={runnerClass}>
              <table className="table" data-testid={`community-${runnerClass}`}>
                <caption className="table__caption">{t('solutions.onRunner', { runnerClass })}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('solutions.author')}</th>
                    <th scope="col">{t('history.score')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('solutions.open')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, place) => (
                    <tr key={row.submissionId} className={row.mine ? 'table__row--you' : undefined}>
                      <td>{place + 1}</td>
                      <td>
                        {row.author ?? <span className="muted">{t('solutions.anonymous')}</span>}
                        {row.mine && <span className="badge">{t('solutions.you')}</span>}
                      </td>
                      <td>
                        {row.tier && <TierBadge tier={row.tier as 'gold'} />}{' '}
                        {row.score !== null ? `${formatRatio(row.score)}×` : '—'}
                      </td>
                      <td>
                        <Link to={`/submissions/${row.submissionId}`}>{t('solutions.open')}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ))
        )}
      </section>
    </div>
  )
}

function ReferenceSection({ source }: { source: string }) {
  const { t } = useTranslation()
  return (
    <details className="card report__section source" data-testid="reference">
      <summary>{t('solutions.reference')}</summary>
      <ScrollablePre className="code-block">{source}</ScrollablePre>
    </details>
  )
}

type CommunityRow = Extract<AfterSolveView, { unlocked: true }>['community'][number]

/**
 * The shared solutions in one ranking per runner class, best first within each (the server's order):
 * a score is a ratio against that class's reference run, so a gpu kernel's and a cpu solution's are
 * not ranked against each other.
 */
function byRunnerClass(rows: readonly CommunityRow[]): [string, CommunityRow[]][] {
  const classes = new Map<string, CommunityRow[]>()
  for (const row of rows) {
    const listed = classes.get(row.runnerClass)
    if (listed) listed.push(row)
    else classes.set(row.runnerClass, [row])
  }
  return [...classes]
}
