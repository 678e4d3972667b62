import { useTranslation } from 'react-i18next'
import type { HotLine } from '../../api/types.ts'
import { formatPercent } from '../../lib/format.ts'
import { ScrollablePre } from '../../ui/ScrollablePre.tsx'

/** The id of a line of the report's source listing, for hot lines to jump to. */
export function sourceLineId(line: number): string {
  return `source-line-${line}`
}

/**
 * A submission's source with line numbers, its hot lines marked with their share of the time: where a
 * hot line of the report's profile takes the reader (the report has no editor).
 */
export function SourceListing({ source, hotLines }: { source: string; hotLines: readonly HotLine[] }) {
  const { t } = useTranslation()
  const hot = new Map(hotLines.map((each) => [each.line, each.share]))
  const lines = source.replace(/\n$/, '').split('\n')
  return (
    <ScrollablePre className="code-block source-listing">
      {lines.map((text, index) => {
        const line = index + 1
        const share = hot.get(line)
        return (
          <span
            key={line}
            id={sourceLineId(line)}
            tabIndex={-1}
            className={share === undefined ? 'source-line' : 'source-line source-line--hot'}
            data-line={line}
          >
            <span className="source-line__number" aria-hidden="true">
              {line}
            </span>
            {text}
            {share !== undefined && (
              <span className="source-line__hint">
                {t('timeProfile.editorHint', { share: formatPercent(share) })}
              </span>
            )}
            {'\n'}
          </span>
        )
      })}
    </ScrollablePre>
  )
}
