// A browser-like client of the API for tests: a cookie jar, the CSRF header on mutations (unless told
// otherwise), tRPC's HTTP and SSE wire formats. Deliberately not @trpc/client: tests see the wire.

import type { RefusalParams, RefusalReason } from '../api/refusals.ts'
export type ApiResult<T = unknown> =
  | { ok: true; data: T; status: number; headers: Headers }
  | {
      ok: false
      status: number
      headers: Headers
      error: {
        message: string
        code: string
        issues: { path: string; message: string }[] | null
        /** A refusal the server words itself: its reason and values (see api/refusals.ts). */
        refusal?: { reason: RefusalReason; params: RefusalParams }
      }
    }

interface Envelope {
  result?: { data?: unknown }
  error?: {
    message: string
    data?: {
      code?: string
      issues?: { path: string; message: string }[] | null
      refusal?: { reason: RefusalReason; params: RefusalParams }
    }
  }
}

export class ApiClient {
  readonly cookies = new Map<string, string>()

  constructor(readonly baseUrl: string) {}

  query<T = unknown>(path: string, input?: unknown): Promise<ApiResult<T>> {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
    return this.send<T>(`${this.baseUrl}/trpc/${path}${query}`, { method: 'GET' })
  }

  mutation<T = unknown>(
    path: string,
    input?: unknown,
    options: { csrf?: boolean | string; rawBody?: string } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    const csrf = options.csrf ?? true
    const token = typeof csrf === 'string' ? csrf : csrf ? this.cookies.get('arena_csrf') : undefined
    if (token !== undefined) headers['x-csrf-token'] = token
    const body = options.rawBody ?? (input === undefined ? undefined : JSON.stringify(input))
    return this.send<T>(`${this.baseUrl}/trpc/${path}`, { method: 'POST', headers, body })
  }

  /** Makes a first request so that the server hands out the CSRF cookie, as loading the page would. */
  async visit(): Promise<void> {
    await this.query('auth.me')
  }

  async signup(username: string, password = 'a long enough password'): Promise<ApiResult<{ id: number }>> {
    if (!this.cookies.has('arena_csrf')) await this.visit()
    return this.mutation('auth.signup', { username, password })
  }

  /** The events of a subscription until the server ends it (or `stopWhen` says so). */
  async subscribe<T = unknown>(
    path: string,
    input: unknown,
    options: { stopWhen?: (event: T) => boolean; timeoutMs?: number } = {},
  ): Promise<T[]> {
    const url = `${this.baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 60_000)
    const events: T[] = []
    try {
      const response = await fetch(url, {
        headers: { cookie: this.cookieHeader(), accept: 'text/event-stream' },
        signal: abort.signal,
      })
      if (!response.ok || !response.body)
        throw new Error(`subscription failed: ${response.status} ${await response.text()}`)
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
          const type = /^event: (.*)$/m.exec(block)?.[1]
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n')
          if (type === 'return') return events
          if (type === 'serialized-error') throw new Error(`subscription error: ${data}`)
          if (type !== undefined || data === '') continue
          const event = JSON.parse(data) as T
          events.push(event)
          if (options.stopWhen?.(event)) return events
        }
      }
      return events
    } finally {
      clearTimeout(timer)
      abort.abort()
    }
  }

  private async send<T>(url: string, init: RequestInit): Promise<ApiResult<T>> {
    const response = await fetch(url, { ...init, headers: { ...init.headers, cookie: this.cookieHeader() } })
    this.storeCookies(response.headers)
    const text = await response.text()
    let envelope: Envelope
    try {
      envelope = JSON.parse(text) as Envelope
    } catch {
      throw new Error(`not a tRPC answer (${response.status}): ${text.slice(0, 200)}`)
    }
    if (envelope.error) {
      return {
        ok: false,
        status: response.status,
        headers: response.headers,
        error: {
          message: envelope.error.message,
          code: envelope.error.data?.code ?? 'UNKNOWN',
          issues: envelope.error.data?.issues ?? null,
          ...(envelope.error.data?.refusal ? { refusal: envelope.error.data.refusal } : {}),
        },
      }
    }
    return { ok: true, status: response.status, headers: response.headers, data: envelope.result?.data as T }
  }

  /** This client's cookies as a Cookie header, for routes outside tRPC. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const [name, ...value] = (pair ?? '').split('=')
      if (!name) continue
      const expired = attributes.some((attribute) => {
        const [key, val] = attribute.trim().split('=')
        return (
          (key?.toLowerCase() === 'max-age' && Number(val) <= 0) ||
          (key?.toLowerCase() === 'expires' && Date.parse(val ?? '') < Date.now())
        )
      })
      if (expired) this.cookies.delete(name.trim())
      else this.cookies.set(name.trim(), value.join('='))
    }
  }
}
