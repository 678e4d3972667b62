import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Challenge } from '../api/types.ts'
import { pickLearnerText } from '../result/learnerText.ts'
import { ScrollablePre } from '../ui/ScrollablePre.tsx'
import { Markdown } from './Markdown.tsx'

/** The statement, limits and samples: rendered again only when the challenge changes (see Markdown). */
export const Statement = memo(function Statement({ challenge }: { challenge: Challenge }) {
  const { t, i18n } = useTranslation()
  const korean = i18n.resolvedLanguage === 'ko'
  const source = korean && challenge.statement_ko ? challenge.statement_ko : challenge.statement
  return (
    <article className="statement" lang={korean && challenge.statement_ko ? 'ko' : 'en'}>
      {korean && !challenge.statement_ko && (
        <p className="notice notice--info">{t('challenge.koreanUnavailable')}</p>
      )}
      <Markdown source={source} />
      <h2>{t('challenge.limits')}</h2>
      <ul className="limits">
        <li>{t('challenge.limitCpu', { ms: challenge.limits.cpuMs })}</li>
        <li>{t('challenge.limitWall', { ms: challenge.limits.wallMs })}</li>
        <li>{t('challenge.limitMemory', { mb: challenge.limits.memoryMb })}</li>
      </ul>
      {challenge.samples.length > 0 && (
        <>
          <h2>{t('challenge.samples')}</h2>
          {challenge.samples.map((sample) => (
            <details key={sample.name} className="sample">
              <summary>{sample.name}</summary>
              <ScrollablePre>
                {pickLearnerText(sample.input, sample.inputKo, i18n.resolvedLanguage)}
              </ScrollablePre>
              {sample.values !== undefined && (
                <>
                  <p className="sample__label">{t('challenge.sampleValues')}</p>
                  <ScrollablePre className="sample__values" data-testid="sample-values">
                    {sample.values}
                  </ScrollablePre>
                </>
              )}
            </details>
          ))}
        </>
      )}
      <p className="muted small">
        {t('challenge.pack', { id: challenge.pack.id, version: challenge.pack.version })}
      </p>
    </article>
  )
})
