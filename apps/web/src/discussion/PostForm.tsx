import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Markdown } from '../challenge/Markdown.tsx'

export interface PostDraft {
  title: string
  body: string
  spoiler: boolean
}

export interface PostFormProps {
  /** A new thread or a thread's first post: it has a title. */
  withTitle: boolean
  initial?: PostDraft
  submitLabel: string
  busy: boolean
  onSubmit: (draft: PostDraft) => void
  onCancel?: () => void
}

/** Writing a post in Markdown, with the preview learners will see and the spoiler switch. */
export function PostForm({ withTitle, initial, submitLabel, busy, onSubmit, onCancel }: PostFormProps) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<PostDraft>(initial ?? { title: '', body: '', spoiler: false })
  const [preview, setPreview] = useState(false)
  return (
    <form
      className="post-form"
      onSubmit={(event) => {
        event.preventDefault()
        onSubmit(draft)
        if (!initial) setDraft({ title: '', body: '', spoiler: false })
      }}
    >
      {withTitle && (
        <label className="field">
          <span>{t('discussion.titleLabel')}</span>
          <input
            value={draft.title}
            minLength={3}
            maxLength={120}
            required
            onChange={(event) => setDraft({ ...draft, title: event.target.value })}
          />
        </label>
      )}
      <label className="field">
        <span>{t('discussion.bodyLabel')}</span>
        <textarea
          value={draft.body}
          rows={5}
          maxLength={10_000}
          required
          onChange={(event) => setDraft({ ...draft, body: event.target.value })}
          onKeyDown={(event) => {
            // Ctrl/Cmd+Enter posts, as in the editor.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey))
              event.currentTarget.form?.requestSubmit()
          }}
        />
      </label>
      {preview && draft.body.trim() !== '' && (
        <section className="post-form__preview statement" aria-label={t('authoring.preview')}>
          <Markdown source={draft.body} />
        </section>
      )}
      <div className="post-form__actions">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.spoiler}
            onChange={(event) => setDraft({ ...draft, spoiler: event.target.checked })}
          />{' '}
          {t('discussion.spoilerLabel')}
        </label>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => setPreview(!preview)}>
          {preview ? t('discussion.hidePreview') : t('discussion.preview')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn--ghost btn--small" onClick={onCancel}>
            {t('hints.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}
