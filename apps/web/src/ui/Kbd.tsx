import { useTranslation } from 'react-i18next'
import { IS_MAC } from '../lib/keyboard.ts'

/** A key combination; `mod` is Ctrl, or ⌘ on a Mac. */
export function Kbd({ keys, mod = true }: { keys: string[]; mod?: boolean }) {
  const { t } = useTranslation()
  const all = mod ? [IS_MAC ? t('shortcuts.modMac') : t('shortcuts.mod'), ...keys] : keys
  return (
    <span className="kbd-combo">
      {all.map((key) => (
        <kbd key={key}>{key}</kbd>
      ))}
    </span>
  )
}

export function useShortcutText(keys: string[]): string {
  const { t } = useTranslation()
  return [IS_MAC ? t('shortcuts.modMac') : t('shortcuts.mod'), ...keys].join('+')
}
