import type { ApiClient } from './ApiClient.ts'
import type { TestServer } from './testServer.ts'

/** A new client of `server`, signed up as `username`. */
export async function signedUp(server: TestServer, username: string): Promise<ApiClient> {
  const client = server.client()
  await client.signup(username)
  return client
}

/** The data of a call that must succeed; a failure throws with the API's error. */
export async function dataOf<T>(
  promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>,
): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.data as T
}
