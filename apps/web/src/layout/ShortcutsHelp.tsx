import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { IS_MAC, isTyping } from '../lib/keyboard.ts'
import { Kbd } from '../ui/Kbd.tsx'

/** A "?" button that lists the keyboard shortcuts; "?" anywhere outside a text field opens it. */
export function ShortcutsHelp() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const id = useId()
  const button = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === '?' && !isTyping(event.target)) {
        event.preventDefault()
        setOpen((value) => !value)
      } else if (event.key === 'Escape' && open) {
        setOpen(false)
        button.current?.focus()
      }
    }
    function onPointer(event: PointerEvent) {
      const target = event.target as Node
      if (open && !panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('pointerdown', onPointer)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('pointerdown', onPointer)
    }
  }, [open])

  useEffect(() => {
    if (open) panel.current?.focus()
  }, [open])

  const rows: [string, React.ReactNode][] = [
    [t('shortcuts.run'), <Kbd key="run" keys={['Enter']} />],
    [t('shortcuts.submit'), <Kbd key="submit" keys={['Shift', 'Enter']} />],
    [t('shortcuts.runLocal'), <Kbd key="local" keys={['Alt', 'Enter']} />],
    // Monaco's own: while on, Tab moves the focus out of the editor instead of indenting.
    [
      t('shortcuts.tabFocus'),
      <Kbd key="tab-focus" keys={IS_MAC ? ['Ctrl', 'Shift', 'M'] : ['Ctrl', 'M']} mod={false} />,
    ],
    [t('shortcuts.save'), <Kbd key="save" keys={['S']} />],
    [t('shortcuts.help'), <Kbd key="help" keys={['?']} mod={false} />],
    [t('shortcuts.escape'), <Kbd key="esc" keys={['Esc']} mod={false} />],
  ]
  return (
    <div className="popover-anchor">
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-label={t('shortcuts.title')}
        title={t('shortcuts.title')}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">?</span>
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          className="popover"
          role="dialog"
          aria-label={t('shortcuts.title')}
          tabIndex={-1}
        >
          <h2 className="popover__title">{t('shortcuts.title')}</h2>
          <dl className="shortcut-list">
            {rows.map(([label, keys]) => (
              <div key={label} className="shortcut-list__row">
                <dt>{label}</dt>
                <dd>{keys}</dd>
              </div>
            ))}
          </dl>
          <button type="button" className="btn btn--small" onClick={() => setOpen(false)}>
            {t('shortcuts.close')}
          </button>
        </div>
      )}
    </div>
  )
}
