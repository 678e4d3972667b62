import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Markdown } from '../challenge/Markdown.tsx'

export interface StatementEditorProps {
  slug: string
  english: string
  korean: string | undefined
  onChange: (file: 'README.md' | 'README.ko.md', text: string) => void
}

/** The statement in English and Korean, beside the preview learners will see (the same renderer). */
export function StatementEditor({ slug, english, korean, onChange }: StatementEditorProps) {
  const { t } = useTranslation()
  const [language, setLanguage] = useState<'en' | 'ko'>('en')
  const file = language === 'en' ? 'README.md' : 'README.ko.md'
  const text = language === 'en' ? english : (korean ?? '')
  return (
    <div className="statement-editor">
      <div className="segmented" role="tablist" aria-label={t('authoring.statementLanguage')}>
        {(['en', 'ko'] as const).map((option) => (
          <button
            key={option}
            type="button"
            role="tab"
            aria-selected={language === option}
            className="segmented__option"
            onClick={() => setLanguage(option)}
          >
            {option === 'en' ? 'English (README.md)' : '한국어 (README.ko.md)'}
          </button>
        ))}
      </div>
      <div className="statement-editor__split">
        <label className="field statement-editor__source">
          <span className="visually-hidden">
            {t('authoring.statementSource', { file: `${slug}/${file}` })}
          </span>
          <textarea
            value={text}
            spellCheck={language === 'en'}
            lang={language}
            onChange={(event) => onChange(file, event.target.value)}
            placeholder={language === 'ko' ? t('authoring.koreanOptional') : ''}
          />
        </label>
        <article
          className="statement statement-editor__preview"
          lang={language}
          aria-label={t('authoring.preview')}
        >
          {text.trim() === '' ? (
            <p className="muted">{t('authoring.previewEmpty')}</p>
          ) : (
            <Markdown source={text} />
          )}
        </article>
      </div>
    </div>
  )
}
