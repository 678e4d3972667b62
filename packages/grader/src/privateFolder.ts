import fs from 'node:fs'

/** Owner-only: other users of the host may not list or read what the grader keeps here. */
export const PRIVATE_FOLDER_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

export class PrivateFolderError extends Error {
  readonly code = 'ARENA_PRIVATE_FOLDER'
}

/**
 * Makes `dir` (and missing parents) and holds it to mode 0700, also when it already existed with looser
 * modes. A fixed name under the shared temporary folder can be made first by another user of the host,
 * or be a link to one of theirs: such a folder is refused rather than used, since its owner could read
 * (or plant) the bundled tests and hidden inputs we would write there.
 */
export function ensurePrivateFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE })
  const stat = fs.lstatSync(dir)
  if (!stat.isDirectory())
    throw new PrivateFolderError(`${dir} is not a folder (a link?): refusing to use it.`)
  const uid = process.getuid?.()
  if (uid !== undefined && stat.uid !== uid) {
    throw new PrivateFolderError(`${dir} belongs to another user (uid ${stat.uid}): refusing to use it.`)
  }
  if ((stat.mode & 0o777) !== PRIVATE_FOLDER_MODE) fs.chmodSync(dir, PRIVATE_FOLDER_MODE)
  return dir
}
