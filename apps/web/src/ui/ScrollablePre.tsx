import type { ComponentProps } from 'react'

/**
 * Preformatted text (code, inputs, messages) that scrolls sideways rather than widen the page: it takes
 * the focus, so the keyboard scrolls it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollablePre(props: ComponentProps<'pre'>) {
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus.
  return <pre tabIndex={0} {...props} />
}
