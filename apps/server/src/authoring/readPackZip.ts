import type { Readable } from 'node:stream'
import type { PackProblem } from '@arena/packs'
import { type Entry, fromBufferPromise, getFileNameLowLevel, type ZipFile } from 'yauzl'
import { checkPackFiles, formatBytes, PACK_LIMITS, type PackFiles, pathProblem } from './packFiles.ts'

type Refused = { ok: false; problems: PackProblem[] }

export type PackZipResult = { ok: true; files: PackFiles; skipped: string[] } | Refused

/**
 * Entries a zip may hold, every kind counted: files, folders and skipped clutter (a pack's 300 files,
 * a folder each and a macOS `._` twin each fit). Reading stops at the first entry past it.
 */
export const ZIP_ENTRY_LIMIT = 1_000
/** Names (skipped, or with problems) an answer lists before "and N more": the reply stays short. */
export const LISTED_NAMES = 10

/** Archive clutter that is no pack content: macOS resource forks and dot-files (`.DS_Store`). */
function isClutter(name: string): boolean {
  return (
    name.startsWith('__MACOSX/') ||
    name.split('/').some((segment) => segment.startsWith('.') && segment !== '..')
  )
}

/**
 * A pack from a zip (the pack folder zipped, or its contents). Names, entry count and declared sizes
 * are checked from the zip's central directory before anything is inflated, so a `..` path, a 1 GB
 * entry or a hundred thousand entries are refused at once; then each file is inflated by zlib on the
 * thread pool (off the event loop), counting what it really inflates: a file or the whole pack past
 * its limit stops there, whatever the zip declared (a zip bomb declares a few bytes). Every file must
 * be UTF-8 text.
 */
export async function readPackZip(bytes: Uint8Array): Promise<PackZipResult> {
  if (bytes.length > PACK_LIMITS.zipBytes) {
    return refused(`the zip is ${formatBytes(bytes.length)}; at most ${formatBytes(PACK_LIMITS.zipBytes)}`)
  }
  let zip: ZipFile
  try {
    // Names and sizes are checked here (decodeStrings, validateEntrySizes: false), so a bad one is a
    // problem named in the answer rather than an error that ends the read; real sizes are counted as
    // each file inflates (inflateAll).
    zip = await fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), {
      decodeStrings: false,
      validateEntrySizes: false,
    })
  } catch (error) {
    return refused(`not a readable zip file (${(error as Error).message})`)
  }
  try {
    return await readEntries(zip)
  } finally {
    zip.close()
  }
}

interface ZipEntry {
  name: string
  entry: Entry
}

async function readEntries(zip: ZipFile): Promise<PackZipResult> {
  if (zip.entryCount > ZIP_ENTRY_LIMIT) return tooManyEntries(`${zip.entryCount}`)
  const listed = await listEntries(zip)
  if (!listed.ok) return listed

  const files = listed.entries.filter((file) => !file.name.endsWith('/'))
  const escaping = files.flatMap((file): PackProblem[] => {
    const problem = pathProblem(file.name.replace(/^\.\//, ''))
    return problem?.includes('..') || problem?.startsWith('absolute')
      ? [{ file: file.name, message: problem, severity: 'error' }]
      : []
  })
  if (escaping.length > 0) return { ok: false, problems: shortList(escaping) }

  const skipped = files.filter((file) => isClutter(file.name)).map((file) => file.name)
  const wanted = files.filter((file) => !isClutter(file.name))
  if (wanted.length > PACK_LIMITS.files) {
    return refused(`${wanted.length} files; a pack may hold at most ${PACK_LIMITS.files}`)
  }
  const prefix = commonFolder(wanted.map((file) => file.name))
  const declared = declaredSizeProblems(wanted, prefix)
  if (declared.length > 0) return { ok: false, problems: shortList(declared) }

  const inflated = await inflateAll(zip, wanted, prefix)
  if (!inflated.ok) return inflated
  const problems = [...inflated.problems, ...checkPackFiles(inflated.files)]
  return problems.length > 0
    ? { ok: false, problems: shortList(problems) }
    : { ok: true, files: inflated.files, skipped: shortNames(skipped) }
}

/** Every entry of the central directory, stopping at the first past ZIP_ENTRY_LIMIT. */
async function listEntries(zip: ZipFile): Promise<{ ok: true; entries: ZipEntry[] } | Refused> {
  const entries: ZipEntry[] = []
  try {
    for await (const entry of zip.eachEntry()) {
      if (entries.length >= ZIP_ENTRY_LIMIT) return tooManyEntries(`more than ${ZIP_ENTRY_LIMIT}`)
      // strictFileNames: a backslash stays a backslash, for pathProblem to refuse by name.
      const name = getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        true,
      )
      entries.push({ name, entry })
    }
  } catch (error) {
    return refused(`not a readable zip file (${(error as Error).message})`)
  }
  return { ok: true, entries }
}

function declaredSizeProblems(wanted: readonly ZipEntry[], prefix: string): PackProblem[] {
  const problems: PackProblem[] = []
  let total = 0
  for (const { name, entry } of wanted) {
    const file = name.slice(prefix.length)
    total += entry.uncompressedSize
    if (entry.uncompressedSize > PACK_LIMITS.fileBytes) {
      problems.push({
        file,
        message: `${formatBytes(entry.uncompressedSize)} uncompressed; a file may be at most ${formatBytes(PACK_LIMITS.fileBytes)}`,
        severity: 'error',
      })
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      problems.push({
        file,
        message: `compression method ${entry.compressionMethod} is not supported (use deflate)`,
        severity: 'error',
      })
    }
    if (entry.isEncrypted()) {
      problems.push({ file, message: 'encrypted entries are not supported', severity: 'error' })
    }
  }
  if (total > PACK_LIMITS.totalBytes) {
    problems.push({
      file: 'upload',
      message: `${formatBytes(total)} uncompressed in all; a pack may be at most ${formatBytes(PACK_LIMITS.totalBytes)}`,
      severity: 'error',
    })
  }
  return problems
}

type Inflated = { ok: true; files: PackFiles; problems: PackProblem[] } | Refused

/**
 * Each file inflated in turn, stopped at the first byte past what it declared. The declared sizes
 * passed the file and pack limits, so no file, and no pack, inflates past its limit, whatever it holds.
 */
async function inflateAll(zip: ZipFile, wanted: readonly ZipEntry[], prefix: string): Promise<Inflated> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const files: PackFiles = {}
  const problems: PackProblem[] = []
  for (const { name, entry } of wanted) {
    const file = name.slice(prefix.length)
    const declared = entry.uncompressedSize
    let data: Buffer | 'over'
    try {
      data = await inflateAtMost(await zip.openReadStreamPromise(entry), declared)
    } catch (error) {
      return refused(`${file}: the zip is damaged (${(error as Error).message})`, file)
    }
    if (data === 'over' || data.length !== declared) {
      const real = data === 'over' ? 'more' : formatBytes(data.length)
      return refused(
        `${file}: the zip lies about its sizes (it declares ${formatBytes(declared)} and holds ${real}); nothing more was inflated`,
        file,
      )
    }
    try {
      files[file] = decoder.decode(data)
    } catch {
      problems.push({ file, message: 'not UTF-8 text: a pack holds text files only', severity: 'error' })
    }
  }
  return { ok: true, files, problems }
}

/** The stream's bytes, or 'over' as soon as they pass `limit` (the inflater is stopped there). */
async function inflateAtMost(stream: Readable, limit: number): Promise<Buffer | 'over'> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length
    if (length > limit) {
      stream.destroy()
      return 'over'
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, length)
}

function tooManyEntries(count: string): Refused {
  return refused(
    `the zip holds ${count} entries (files, folders and skipped clutter together); at most ${ZIP_ENTRY_LIMIT}, for a pack of at most ${PACK_LIMITS.files} files`,
  )
}

function refused(message: string, file = 'upload'): Refused {
  return { ok: false, problems: [{ file, message, severity: 'error' }] }
}

/** At most LISTED_NAMES problems, the rest counted in one more. */
function shortList(problems: PackProblem[]): PackProblem[] {
  if (problems.length <= LISTED_NAMES) return problems
  const more = problems.length - LISTED_NAMES
  return [
    ...problems.slice(0, LISTED_NAMES),
    { file: 'upload', message: `and ${more} more problems`, severity: 'error' },
  ]
}

/** At most LISTED_NAMES names, then "and N more". */
function shortNames(names: string[]): string[] {
  if (names.length <= LISTED_NAMES) return names
  return [...names.slice(0, LISTED_NAMES), `and ${names.length - LISTED_NAMES} more`]
}

/** `mypack/` when every file lies in that one folder (the pack folder itself was zipped), else ''. */
function commonFolder(names: string[]): string {
  if (names.includes('pack.yaml')) return ''
  const first = names[0]?.split('/')[0]
  if (!first || !names.every((name) => name.startsWith(`${first}/`))) return ''
  return `${first}/`
}
