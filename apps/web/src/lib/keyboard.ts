export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

/** Ctrl+Enter / ⌘+Enter. */
export function isRunShortcut(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && (IS_MAC ? event.metaKey : event.ctrlKey) && !event.shiftKey && !event.altKey
}

/** Ctrl+Shift+Enter / ⌘+Shift+Enter. */
export function isSubmitShortcut(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && (IS_MAC ? event.metaKey : event.ctrlKey) && event.shiftKey && !event.altKey
}

/** Ctrl+Alt+Enter / ⌘+Alt+Enter: run the samples on this machine. */
export function isLocalRunShortcut(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && (IS_MAC ? event.metaKey : event.ctrlKey) && event.altKey && !event.shiftKey
}

/** Ctrl+S / ⌘+S. */
export function isSaveShortcut(event: KeyboardEvent): boolean {
  return event.key.toLowerCase() === 's' && (IS_MAC ? event.metaKey : event.ctrlKey) && !event.altKey
}

/** Whether a key press belongs to a text field (so single-key shortcuts must not fire). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return (
    tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.closest('.monaco-editor') !== null
  )
}

export function shortcutLabel(keys: string[], mod: string): string {
  return [mod, ...keys].join('+')
}
