import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { errorMessage } from '../api/errors.ts'
import { useTRPC } from '../api/trpc.ts'
import { DiscussionPost } from '../discussion/DiscussionPost.tsx'
import { PostForm } from '../discussion/PostForm.tsx'
import { useMe } from '../layout/useMe.ts'
import { formatRelative } from '../lib/format.ts'
import { localized } from '../lib/localized.ts'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { EmptyState } from '../ui/EmptyState.tsx'
import { ErrorNotice } from '../ui/ErrorNotice.tsx'
import { LoadError } from '../ui/LoadError.tsx'
import { Spinner } from '../ui/Spinner.tsx'

/**
 * A challenge's discussion (issue 18.4): `/c/:pack/:slug/discuss` lists its threads and starts one;
 * `/c/:pack/:slug/discuss/:threadId` shows a thread with its replies.
 */
export default function DiscussionPage() {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const { pack = '', slug = '', threadId } = useParams()
  const challengeId = `${pack}/${slug}`
  const challenge = useQuery(trpc.challenge.get.queryOptions({ id: challengeId }))
  const title = challenge.data
    ? localized(i18n.resolvedLanguage ?? 'en', challenge.data.title, challenge.data.title_ko)
    : challengeId
  const thread = threadId && /^\d+$/.test(threadId) ? Number(threadId) : undefined
  return (
    <div className="page page--wide discussion">
      <nav className="breadcrumbs" aria-label="breadcrumb">
        <Link to="/">{t('challenge.breadcrumbCourse')}</Link>
        <span aria-hidden="true">›</span>
        <Link to={`/c/${challengeId}`}>{title}</Link>
        {thread !== undefined && (
          <>
            <span aria-hidden="true">›</span>
            <Link to={`/c/${challengeId}/discuss`}>{t('discussion.title')}</Link>
          </>
        )}
      </nav>
      {thread === undefined ? (
        <ThreadList challengeId={challengeId} />
      ) : (
        <ThreadView threadId={thread} challengeId={challengeId} />
      )}
      <ModeratorReports />
    </div>
  )
}

function ThreadList({ challengeId }: { challengeId: string }) {
  const { t, i18n } = useTranslation()
  const trpc = useTRPC()
  const navigate = useNavigate()
  const list = useQuery(trpc.discussion.list.queryOptions({ challengeId }))
  const create = useMutation(
    trpc.discussion.create.mutationOptions({
      onSuccess: ({ id }) => void navigate(`/c/${challengeId}/discuss/${id}`),
    }),
  )
  const language = i18n.resolvedLanguage ?? 'en'
  return (
    <>
      <header className="page__header page__header--row">
        <div>
          <h1>{t('discussion.title')}</h1>
          <p className="muted">{t('discussion.subtitle')}</p>
        </div>
        <Link className="btn" to={`/c/${challengeId}`}>
          {t('history.backToChallenge')}
        </Link>
      </header>
      {list.isPending && <Spinner />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.threads.length === 0 && (
        <EmptyState title={t('discussion.empty')} hint={t('discussion.emptyHint')} />
      )}
      {list.data && list.data.threads.length > 0 && (
        <ul className="thread-list card" data-testid="threads">
          {list.data.threads.map((thread) => (
            <li key={thread.id} className="thread-list__item">
              <Link to={`/c/${challengeId}/discuss/${thread.id}`} className="thread-list__title">
                {thread.deleted ? t('discussion.deletedThread') : thread.title}
              </Link>
              {thread.spoiler && <span className="badge badge--warn">{t('discussion.spoiler')}</span>}
              <span className="muted small">
                {t('discussion.threadMeta', {
                  author: thread.author,
                  count: thread.replies,
                  when: formatRelative(thread.lastActivityAt, language),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list.data?.canPost ? (
        <section className="card report__section">
          <h2>{t('discussion.newThread')}</h2>
          <PostForm
            withTitle
            submitLabel={t('discussion.post')}
            busy={create.isPending}
            onSubmit={(draft) => create.mutate({ challengeId, ...draft })}
          />
          {create.isError && <p className="notice notice--error">{errorMessage(create.error, t)}</p>}
        </section>
      ) : (
        list.data && <p className="muted">{t('discussion.logInToPost')}</p>
      )}
    </>
  )
}

function ThreadView({ threadId, challengeId }: { threadId: number; challengeId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const thread = useQuery(trpc.discussion.thread.queryOptions({ threadId }))
  const [notice, setNotice] = useState<string | null>(null)
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.discussion.thread.queryKey({ threadId }) })
  const options = { onSuccess: refresh }
  const reply = useMutation(trpc.discussion.reply.mutationOptions(options))
  const edit = useMutation(trpc.discussion.edit.mutationOptions(options))
  const remove = useMutation(trpc.discussion.delete.mutationOptions(options))
  const report = useMutation(
    trpc.discussion.report.mutationOptions({
      onSuccess: ({ reported }) =>
        setNotice(t(reported ? 'discussion.reported' : 'discussion.reportedBefore')),
    }),
  )
  const failed = [reply, edit, remove, report].find((mutation) => mutation.isError)
  const busy = [reply, edit, remove].some((mutation) => mutation.isPending)
  if (thread.isPending) return <Spinner />
  if (thread.isError) {
    return (
      <LoadError
        error={thread.error}
        kind="thread"
        id={String(threadId)}
        back={{ to: `/c/${challengeId}/discuss`, label: t('errors.missing.backToDiscussion') }}
        onRetry={() => void thread.refetch()}
        embedded
      />
    )
  }
  const { data } = thread
  const actionsFor = (postId: number) => ({
    busy,
    onEdit: (draft: { title: string; body: string; spoiler: boolean }) =>
      edit.mutate({
        postId,
        body: draft.body,
        spoiler: draft.spoiler,
        ...(draft.title ? { title: draft.title } : {}),
      }),
    onDelete: () => remove.mutate({ postId }),
    onReport: (reason: string) => report.mutate({ postId, reason }),
  })
  return (
    <>
      <header className="page__header">
        <h1>{data.thread.deleted ? t('discussion.deletedThread') : data.thread.title}</h1>
      </header>
      <div className="posts" data-testid="posts">
        <DiscussionPost post={data.thread} {...actionsFor(data.thread.id)} />
        {data.replies.map((post) => (
          <DiscussionPost key={post.id} post={post} {...actionsFor(post.id)} />
        ))}
      </div>
      {notice && (
        <p className="notice notice--info" role="status">
          {notice}
        </p>
      )}
      {failed?.error && <p className="notice notice--error">{errorMessage(failed.error, t)}</p>}
      {data.canPost && !data.thread.deleted ? (
        <section className="card report__section">
          <h2>{t('discussion.reply')}</h2>
          <PostForm
            withTitle={false}
            submitLabel={t('discussion.post')}
            busy={busy}
            onSubmit={(draft) => reply.mutate({ threadId, body: draft.body, spoiler: draft.spoiler })}
          />
        </section>
      ) : (
        !data.canPost && <p className="muted">{t('discussion.logInToPost')}</p>
      )}
    </>
  )
}

/** For instructors and admins: reported posts to keep or delete. */
function ModeratorReports() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const me = useMe()
  const moderator = me.data?.role === 'instructor' || me.data?.role === 'admin'
  const reports = useQuery({ ...trpc.discussion.reports.queryOptions(), enabled: moderator })
  const done = { onSuccess: () => void queryClient.invalidateQueries() }
  const keep = useMutation(trpc.discussion.dismissReports.mutationOptions(done))
  const remove = useMutation(trpc.discussion.delete.mutationOptions(done))
  const { confirm, dialog } = useConfirm()
  if (!moderator || !reports.data || reports.data.length === 0) return null
  return (
    <section className="card report__section" data-testid="moderation">
      <h2>{t('discussion.reports')}</h2>
      <ul className="report-list">
        {reports.data.map((report) => (
          <li key={report.reportId}>
            <Link to={`/c/${report.challengeKey}/discuss/${report.threadId}`}>{report.challengeKey}</Link>{' '}
            <span className="muted small">
              {t('discussion.reportedBy', { reporter: report.reporter, reason: report.reason })}
            </span>
            <blockquote className="muted">{report.excerpt}</blockquote>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => keep.mutate({ postId: report.postId })}
            >
              {t('discussion.keep')}
            </button>{' '}
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={async () => {
                const deleting = await confirm({
                  title: t('discussion.confirmDelete'),
                  body: report.excerpt,
                  confirmLabel: t('discussion.delete'),
                  danger: true,
                })
                if (deleting) remove.mutate({ postId: report.postId })
              }}
            >
              {t('discussion.delete')}
            </button>
          </li>
        ))}
      </ul>
      {dialog}
    </section>
  )
}
