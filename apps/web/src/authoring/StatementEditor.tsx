import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Markdown } from '../challenge/Markdown.tsx'

/** A challenge's Markdown documents, each in English and Korean. */
export const DOCUMENT_FILES = {
  statement: { en: 'README.md', ko: 'README.ko.md' },
  editorial: { en: 'editorial.md', ko: 'editorial.ko.md' },
} as const
export type ChallengeDocument = keyof typeof DOCUMENT_FILES

export interface StatementEditorProps {
  slug: string
  /** The statement (README) or the editorial learners read after solving. */
  document: ChallengeDocument
  english: string
  korean: string | undefined
  onChange: (file: string, text: string) => void
}

/**
 * The statement or the editorial in English and Korean, beside the preview learners will see (the
 * same renderer).
 */
export function StatementEditor({ slug, document, english, korean, onChange }: StatementEditorProps) {
  const { t } = useTranslation()
  const [language, setLanguage] = useState<'en' | 'ko'>('en')
  const names = DOCUMENT_FILES[document]
  const file = names[language]
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
            {option === 'en' ? `English (${names.en})` : `한국어 (${names.ko})`}
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
            placeholder={
              language === 'ko'
                ? t('authoring.koreanOptional')
                : document === 'editorial'
                  ? t('authoring.editorialPlaceholder')
                  : ''
            }
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
