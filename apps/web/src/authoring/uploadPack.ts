import { zipSync } from 'fflate'
import { CSRF_HEADER, csrfToken } from '../api/csrf.ts'
import type { PackProblem } from './types.ts'

export type UploadAnswer =
  | { ok: true; packId: string; created: boolean; skipped: string[] }
  | { ok: false; message: string; problems: PackProblem[] }

/** Sends a zipped pack to the server, which checks it before keeping anything. */
export async function uploadPackZip(zip: Blob | Uint8Array): Promise<UploadAnswer> {
  const token = await csrfToken()
  const response = await fetch('/api/authoring/upload', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/zip', ...(token ? { [CSRF_HEADER]: token } : {}) },
    body: zip instanceof Uint8Array ? new Blob([zip as BlobPart]) : zip,
  })
  const body = (await response.json().catch(() => null)) as UploadAnswer | null
  return body ?? { ok: false, message: `The upload failed (${response.status}).`, problems: [] }
}

/**
 * A chosen folder (`<input webkitdirectory>`) zipped in the page, so a folder and a zip reach the
 * server the same way and pass the same checks. Paths keep the folder's own name as the top folder.
 */
export async function zipFolder(files: FileList): Promise<Uint8Array> {
  const entries: Record<string, Uint8Array> = {}
  for (const file of Array.from(files)) {
    const name = file.webkitRelativePath || file.name
    if (name.split('/').some((part) => part.startsWith('.') || part === 'node_modules')) continue
    // Not read at all: the server would refuse it, and a huge file would stall the page.
    if (file.size > MAX_FILE_BYTES) throw new FolderTooLargeError(name, file.size)
    entries[name] = new Uint8Array(await file.arrayBuffer())
  }
  return zipSync(entries, { level: 6 })
}

/** The server's limit per file (apps/server authoring/packFiles.ts). */
const MAX_FILE_BYTES = 1024 * 1024

export class FolderTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly size: number,
  ) {
    super(`${file}: ${(size / 1024 / 1024).toFixed(1)} MB; a file may be at most 1 MB`)
  }
}

export function exportUrl(packId: string, version?: number): string {
  return `/api/authoring/export/${encodeURIComponent(packId)}${version ? `?version=${version}` : ''}`
}
