/** Name of the double-submit cookie the server sets; mutations echo it in `x-csrf-token`. */
export const CSRF_COOKIE = 'arena_csrf'
export const CSRF_HEADER = 'x-csrf-token'

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

/**
 * The CSRF token for a mutation. The server sets the cookie on any API response; on a first visit
 * the page may not have made one yet, so ask for `auth.me` once to get it.
 */
export async function csrfToken(): Promise<string | undefined> {
  const token = readCookie(CSRF_COOKIE)
  if (token !== undefined) return token
  await fetch('/trpc/auth.me', { credentials: 'same-origin' }).catch(() => undefined)
  return readCookie(CSRF_COOKIE)
}
