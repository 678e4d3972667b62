import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DiscussionPostView } from '../api/types.ts'
import { Markdown } from '../challenge/Markdown.tsx'
import { formatRelative } from '../lib/format.ts'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import { type PostDraft, PostForm } from './PostForm.tsx'

export interface DiscussionPostProps {
  post: DiscussionPostView
  busy: boolean
  onEdit: (draft: PostDraft) => void
  onDelete: () => void
  onReport: (reason: string) => void
}

/**
 * One post: author, time, the sanitized Markdown body. A spoiler is folded for those who may read it
 * and replaced by a note for those who may not (the server did not send its text). Its author edits
 * and deletes it; moderators delete it; anyone signed in reports it.
 */
export function DiscussionPost({ post, busy, onEdit, onDelete, onReport }: DiscussionPostProps) {
  const { t, i18n } = useTranslation()
  const [editing, setEditing] = useState(false)
  const [reporting, setReporting] = useState(false)
  const [reason, setReason] = useState('')
  const { confirm, dialog } = useConfirm()
  const when = formatRelative(post.createdAt, i18n.resolvedLanguage ?? 'en')
  if (editing)
    return (
      <article className="post card" data-testid={`post-${post.id}`}>
        <PostForm
          withTitle={post.title !== null}
          initial={{ title: post.title ?? '', body: post.body ?? '', spoiler: post.spoiler }}
          submitLabel={t('discussion.save')}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSubmit={(draft) => {
            onEdit(draft)
            setEditing(false)
          }}
        />
      </article>
    )
  return (
    <article className={`post card${post.deleted ? ' post--deleted' : ''}`} data-testid={`post-${post.id}`}>
      <header className="post__header">
        <strong>{post.author}</strong>
        <span className="muted small">
          {when}
          {post.editedAt && ` · ${t('discussion.edited')}`}
        </span>
        {post.spoiler && !post.deleted && (
          <span className="badge badge--warn">{t('discussion.spoiler')}</span>
        )}
      </header>
      {post.deleted ? (
        <p className="muted">{t('discussion.deleted')}</p>
      ) : post.folded ? (
        <p className="muted" data-testid="folded">
          {t('discussion.folded')}
        </p>
      ) : post.spoiler ? (
        <details className="post__spoiler">
          <summary>{t('discussion.showSpoiler')}</summary>
          <Markdown source={post.body ?? ''} />
        </details>
      ) : (
        <Markdown source={post.body ?? ''} />
      )}
      {!post.deleted && (
        <footer className="post__actions">
          {post.mine && (
            <button type="button" className="link-button small" onClick={() => setEditing(true)}>
              {t('discussion.edit')}
            </button>
          )}
          {(post.mine || post.canModerate) && (
            <button
              type="button"
              className="link-button small"
              disabled={busy}
              onClick={async () => {
                const deleting = await confirm({
                  title: t('discussion.confirmDelete'),
                  confirmLabel: t('discussion.delete'),
                  danger: true,
                })
                if (deleting) onDelete()
              }}
            >
              {t('discussion.delete')}
            </button>
          )}
          {dialog}
          {!post.mine && !reporting && (
            <button type="button" className="link-button small" onClick={() => setReporting(true)}>
              {t('discussion.report')}
            </button>
          )}
          {reporting && (
            <form
              className="post__report"
              onSubmit={(event) => {
                event.preventDefault()
                onReport(reason)
                setReporting(false)
                setReason('')
              }}
            >
              <label className="field">
                <span>{t('discussion.reportReason')}</span>
                <input
                  value={reason}
                  minLength={3}
                  maxLength={500}
                  required
                  onChange={(event) => setReason(event.target.value)}
                />
              </label>
              <button type="submit" className="btn btn--small">
                {t('discussion.sendReport')}
              </button>
              <button type="button" className="btn btn--ghost btn--small" onClick={() => setReporting(false)}>
                {t('hints.cancel')}
              </button>
            </form>
          )}
        </footer>
      )}
    </article>
  )
}
