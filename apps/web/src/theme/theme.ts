import { useSyncExternalStore } from 'react'

/** What the learner chose: follow the system, or a fixed theme. Remembered in this browser. */
export type ThemeChoice = 'system' | 'light' | 'dark'
export type Theme = 'light' | 'dark'
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']

const STORAGE_KEY = 'arena.theme'
const DARK_QUERY = '(prefers-color-scheme: dark)'

function isChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (THEME_CHOICES as readonly string[]).includes(value)
}

function storedChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isChoice(value) ? value : 'system'
  } catch {
    return 'system'
  }
}

function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light'
}

export function resolveTheme(choice: ThemeChoice, system: Theme): Theme {
  return choice === 'system' ? system : choice
}

interface ThemeState {
  choice: ThemeChoice
  theme: Theme
}

let state: ThemeState = { choice: 'system', theme: 'light' }
const listeners = new Set<() => void>()

function update(choice: ThemeChoice): void {
  const theme = resolveTheme(choice, systemTheme())
  if (choice === state.choice && theme === state.theme) return
  state = { choice, theme }
  // The CSS variables of styles/global.css switch on this attribute; `color-scheme` follows them.
  document.documentElement.dataset.theme = theme
  for (const listener of listeners) listener()
}

/** Before the first render: the remembered choice, and the system's changes while it is followed. */
export function startTheme(): void {
  const choice = storedChoice()
  state = { choice, theme: resolveTheme(choice, systemTheme()) }
  document.documentElement.dataset.theme = state.theme
  if (typeof matchMedia === 'function')
    matchMedia(DARK_QUERY).addEventListener('change', () => update(state.choice))
}

export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, choice)
  } catch {
    // Private mode: the choice holds for this page only.
  }
  update(choice)
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The current choice and the theme it resolves to; re-renders when either changes. */
export function useTheme(): ThemeState {
  return useSyncExternalStore(subscribe, () => state)
}
