import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * A table that scrolls sideways on a narrow screen: a focusable, named region, so the keyboard can
 * scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function TableWrap({
  children,
  label,
  className,
}: {
  children: ReactNode
  label?: string
  /** More classes (e.g. `card`). */
  className?: string
}) {
  const { t } = useTranslation()
  return (
    <section
      className={className ? `table-wrap ${className}` : 'table-wrap'}
      aria-label={label ?? t('ui.scrollTable')}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus.
      tabIndex={0}
    >
      {children}
    </section>
  )
}
