import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useSubscription } from '@trpc/tanstack-react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useTRPC } from '../api/trpc.ts'
import { formatDateTime } from '../lib/format.ts'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { ProgressBar } from '../ui/ProgressBar.tsx'
import type { PackDraft, Regrade } from './types.ts'
import { exportUrl } from './uploadPack.ts'

type Visibility = PackDraft['visibility']

/**
 * Who sees the pack and its versions: publish the tested draft as a new version (to one group, to
 * everyone, or to nobody yet), export any version, and re-grade a challenge's accepted submissions on
 * the current version.
 */
export function PublishPanel({
  draft,
  canPublish,
  whyNot,
  onChanged,
}: {
  draft: PackDraft
  canPublish: boolean
  whyNot: string | null
  onChanged: () => void
}) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const groups = useQuery(trpc.group.list.queryOptions())
  const teaching = (groups.data ?? []).filter(
    (group) => group.role === 'owner' || group.role === 'instructor',
  )
  // A group visibility is offered only to an author who teaches a group (the server refuses it
  // otherwise); until the author picks, the choice follows what is valid once the groups are known.
  const canTarget = teaching.length > 0
  const [chosen, setVisibility] = useState<Visibility | null>(null)
  const fallback: Visibility = canTarget ? 'private' : 'draft'
  const wanted = chosen ?? (draft.visibility === 'draft' ? fallback : draft.visibility)
  const visibility: Visibility = wanted === 'private' && !canTarget ? 'draft' : wanted
  const [groupId, setGroupId] = useState<number | null>(draft.groupId)
  useEffect(() => {
    if (groupId === null && teaching[0]) setGroupId(teaching[0].id)
  }, [groupId, teaching])
  const audience = { packId: draft.packId, visibility, groupId: visibility === 'private' ? groupId : null }
  const audienceReady = visibility !== 'private' || groupId !== null
  const publish = useMutation(trpc.authoring.publish.mutationOptions({ onSuccess: onChanged }))
  const setAudience = useMutation(trpc.authoring.setVisibility.mutationOptions({ onSuccess: onChanged }))
  const current = draft.versions.find((version) => version.current)

  return (
    <section className="card section-card" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{t('authoring.publishTitle')}</h2>
      <p className="muted small">
        {t('authoring.nowVisible', { visibility: t(`authoring.visibilityOption.${draft.visibility}`) })}
      </p>
      <div className="inline-form">
        <label className="field">
          <span id="publish-visibility">{t('authoring.visibility')}</span>
          <select
            aria-labelledby="publish-visibility"
            value={visibility}
            onChange={(event) => setVisibility(event.target.value as Visibility)}
          >
            {(['private', 'public', 'draft'] as const).map((option) => (
              <option key={option} value={option} disabled={option === 'private' && !canTarget}>
                {option === 'private' && !canTarget
                  ? t('authoring.visibilityPrivateNoGroup')
                  : t(`authoring.visibilityOption.${option}`)}
              </option>
            ))}
          </select>
        </label>
        {visibility === 'private' && (
          <label className="field">
            <span id="publish-group">{t('authoring.group')}</span>
            <select
              aria-labelledby="publish-group"
              value={groupId ?? ''}
              onChange={(event) => setGroupId(event.target.value === '' ? null : Number(event.target.value))}
            >
              {teaching.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="btn btn--primary"
          disabled={!canPublish || !audienceReady || publish.isPending}
          onClick={() => publish.mutate(audience)}
        >
          {t('authoring.publishButton')}
        </button>
        {current && (
          <button
            type="button"
            className="btn"
            disabled={!audienceReady || setAudience.isPending}
            onClick={() => setAudience.mutate(audience)}
          >
            {t('authoring.applyVisibility')}
          </button>
        )}
      </div>
      {!canPublish && whyNot && <p className="muted small">{whyNot}</p>}
      {groups.isSuccess && !canTarget && (
        <p className="muted small" data-testid="no-group-reason">
          {t('authoring.noGroupsReason')} <Link to="/groups">{t('authoring.noGroupsLink')}</Link>
        </p>
      )}
      {publish.isSuccess && (
        <p className="notice notice--info" role="status">
          {publish.data.created
            ? t('authoring.published', { version: publish.data.version })
            : t('authoring.republished', { version: publish.data.version })}
        </p>
      )}
      {publish.isError && <ErrorNotice error={publish.error} />}
      {setAudience.isError && <ErrorNotice error={setAudience.error} />}

      <h3>{t('authoring.versions')}</h3>
      {draft.versions.length === 0 ? (
        <p className="muted">{t('authoring.noVersions')}</p>
      ) : (
        <ul className="version-list">
          {draft.versions.map((version) => (
            <li key={version.version} className="version-list__item">
              <div className="version-list__head">
                <strong>{t('authoring.version', { version: version.version })}</strong>
                {version.current && <span className="badge badge--ok">{t('authoring.current')}</span>}
                <span className="muted small">
                  {formatDateTime(version.publishedAt, i18n.language)} ·{' '}
                  <code>{version.hash.slice(0, 12)}</code>
                </span>
                <a
                  className="btn btn--ghost btn--small"
                  href={exportUrl(draft.packId, version.version)}
                  download
                >
                  {t('authoring.exportVersion')}
                </a>
              </div>
              {version.current && (
                <ul className="plain-list">
                  {version.challenges.map((challenge) => (
                    <RegradeRow key={challenge.key} challengeKey={challenge.key} title={challenge.title} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function RegradeRow({ challengeKey, title }: { challengeKey: string; title: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const history = useQuery({
    ...trpc.authoring.regrades.queryOptions({ challengeId: challengeKey }),
    staleTime: 0,
  })
  const [live, setLive] = useState<Regrade | null>(null)
  const latest = live ?? history.data?.[0] ?? null
  const start = useMutation(
    trpc.authoring.regrade.mutationOptions({
      onSuccess: (regrade) => {
        setLive(regrade)
        // A row mounted meanwhile (a newer version became current) finds it too.
        void queryClient.invalidateQueries({
          queryKey: trpc.authoring.regrades.queryKey({ challengeId: challengeKey }),
        })
      },
    }),
  )
  const following = latest !== null && latest.done < latest.total ? latest.id : null
  useSubscription(
    trpc.authoring.regradeProgress.subscriptionOptions(
      following === null ? skipToken : { regradeId: following },
      {
        onData: (view) => setLive(view),
      },
    ),
  )
  return (
    <li className="regrade">
      <div className="regrade__head">
        <Link to={`/c/${challengeKey}`}>{title}</Link> <code className="muted small">{challengeKey}</code>
        <button
          type="button"
          className="btn btn--small"
          disabled={start.isPending || following !== null}
          onClick={() => start.mutate({ challengeId: challengeKey })}
        >
          {t('authoring.regradeButton')}
        </button>
      </div>
      {latest && (
        <ProgressBar
          value={latest.done}
          max={Math.max(1, latest.total)}
          label={t('authoring.regradeLabel', { version: latest.packVersion })}
          detail={
            latest.total === 0
              ? t('authoring.regradeNothing')
              : t('authoring.regradeDetail', {
                  done: latest.done,
                  total: latest.total,
                  accepted: latest.accepted,
                })
          }
        />
      )}
      {start.isError && <ErrorNotice error={start.error} />}
    </li>
  )
}
