/** sessionStorage key: when this tab last reloaded for a missing chunk (epoch ms). */
const LAST_RELOAD_KEY = 'arena.staleBuildReload'
/** At most one reload per this long: a chunk that is missing after a fresh load is not a stale build. */
const RELOAD_AT_MOST_EVERY_MS = 60_000

/**
 * A tab opened before a deploy asks for code-split chunks (the editor, the charts) by the hashed names
 * of its own build, which the new build no longer serves: Vite reports `vite:preloadError`. The page
 * then reloads onto the new build (drafts are kept in local storage), once a minute at most, instead of
 * leaving a page that cannot open its editor or charts.
 */
export function reloadOnStaleBuild(target: Window = window): void {
  target.addEventListener('vite:preloadError', (event) => {
    const last = Number(target.sessionStorage.getItem(LAST_RELOAD_KEY) ?? 0)
    if (Date.now() - last < RELOAD_AT_MOST_EVERY_MS) return
    event.preventDefault()
    target.sessionStorage.setItem(LAST_RELOAD_KEY, String(Date.now()))
    target.location.reload()
  })
}
