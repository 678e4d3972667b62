import type { ReactNode } from 'react'

export function EmptyState({
  title,
  hint,
  action,
  icon,
  heading = false,
}: {
  title: string
  hint?: string
  action?: ReactNode
  icon?: ReactNode
  /** The title is the page's heading (a page that is nothing but this state, e.g. not found). */
  heading?: boolean
}) {
  const Title = heading ? 'h1' : 'p'
  return (
    <div className="empty-state">
      {icon !== undefined && (
        <div className="empty-state__icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <Title className="empty-state__title">{title}</Title>
      {hint !== undefined && <p className="empty-state__hint">{hint}</p>}
      {action}
    </div>
  )
}
