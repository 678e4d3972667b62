import { chmod, mkdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Challenge, loadPack, type Pack, packHash } from '@arena/packs'

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url))

export class PackVersionMissingError extends Error {
  readonly code = 'ARENA_PACK_VERSION_MISSING'
}

/** A pack version as the server sends it (`GET /runner/packs/:pack/:hash`, see apps/server/src/packs). */
export interface PackVersionTransfer {
  packId: string
  hash: string
  files: { path: string; base64: string }[]
}

/** Where a runner on another machine gets pack versions it does not have: the server, by hash. */
export interface PackSource {
  /** The server's base URL, e.g. `http://arena.example:3000`. */
  serverUrl: string
  /** The fleet's shared runner token (ARENA_RUNNER_TOKEN), sent as a bearer token. */
  token: string | undefined
  /** Downloaded versions are kept here, `<cache>/<hash>/<pack id>`, and used again. */
  cacheDir: string
}

/**
 * Finds the exact pack version a job names, by content hash: the pack under `challenges/` when it
 * still has that content, else the server's stored copy of that version (same machine), else a copy
 * downloaded from the server (another machine), cached. Every copy is checked by hashing it: a runner
 * never grades on content other than the job names. Versions are immutable, so each is loaded once.
 */
export class PackVersions {
  private readonly loaded = new Map<string, Promise<Pack>>()

  constructor(
    private readonly challengesDir: string,
    private readonly packStoreDir: string | undefined,
    private readonly source?: PackSource,
  ) {}

  async challenge(packId: string, hash: string, slug: string): Promise<{ pack: Pack; challenge: Challenge }> {
    const pack = await this.pack(packId, hash)
    const challenge = pack.challenges.find((each) => each.id === slug)
    if (!challenge)
      throw new PackVersionMissingError(`Pack ${packId} (${hash.slice(0, 12)}) has no challenge "${slug}".`)
    return { pack, challenge }
  }

  pack(packId: string, hash: string): Promise<Pack> {
    let pack = this.loaded.get(hash)
    if (!pack) {
      pack = this.find(packId, hash)
      pack.catch(() => this.loaded.delete(hash))
      this.loaded.set(hash, pack)
    }
    return pack
  }

  private async find(packId: string, hash: string): Promise<Pack> {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(packId) || !/^[0-9a-f]{64}$/.test(hash)) {
      throw new PackVersionMissingError(`Not a pack version: "${packId}" at "${hash}".`)
    }
    const candidates = [path.join(this.challengesDir, packId)]
    if (this.packStoreDir) candidates.push(path.join(this.packStoreDir, hash, packId))
    if (this.source) candidates.push(path.join(this.source.cacheDir, hash, packId))
    for (const dir of candidates) {
      const pack = await loadPack(dir).catch(() => undefined)
      if (pack && pack.hash === hash && pack.config.id === packId) return pack
    }
    if (this.source) return this.download(this.source, packId, hash)
    throw new PackVersionMissingError(
      `The version of pack "${packId}" this submission was made for (${hash.slice(0, 12)}) is no longer available on this runner.`,
    )
  }

  private async download(source: PackSource, packId: string, hash: string): Promise<Pack> {
    const url = new URL(`runner/packs/${packId}/${hash}`, withSlash(source.serverUrl))
    const response = await fetch(url, {
      headers: source.token ? { authorization: `Bearer ${source.token}` } : {},
      signal: AbortSignal.timeout(120_000),
    }).catch((error: Error) => {
      throw new PackVersionMissingError(
        `Could not reach the server for pack ${packId} (${url.origin}): ${error.message}`,
      )
    })
    if (!response.ok) {
      throw new PackVersionMissingError(
        `The server answered ${response.status} for pack ${packId} (${hash.slice(0, 12)}): ${(await response.text()).slice(0, 200)}`,
      )
    }
    const transfer = (await response.json()) as PackVersionTransfer
    const target = path.join(source.cacheDir, hash, packId)
    const temporary = `${target}.tmp-${process.pid}-${Date.now()}`
    await linkNodeModules(source.cacheDir)
    try {
      for (const file of transfer.files) {
        const destination = path.resolve(temporary, file.path)
        // A path that climbs out of the folder is not pack content.
        if (!destination.startsWith(`${temporary}${path.sep}`)) throw new Error(`bad path "${file.path}"`)
        await mkdir(path.dirname(destination), { recursive: true })
        await writeFile(destination, Buffer.from(file.base64, 'base64'))
      }
      const got = await packHash(temporary)
      if (got !== hash) {
        throw new PackVersionMissingError(
          `The pack ${packId} the server sent hashes to ${got.slice(0, 12)}, not ${hash.slice(0, 12)}: not used.`,
        )
      }
      await mkdir(path.dirname(target), { recursive: true })
      await rename(temporary, target).catch(async (error: NodeJS.ErrnoException) => {
        if (!(await exists(target))) throw error // else: another job of this runner stored it first
      })
    } finally {
      await rm(temporary, { recursive: true, force: true })
    }
    const pack = await loadPack(target)
    if (pack.hash !== hash)
      throw new PackVersionMissingError(`The cached pack ${packId} changed under ${target}.`)
    return pack
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}

/** tests.ts files import `@arena/grader/authoring`, which esbuild resolves by walking up from the file. */
async function linkNodeModules(cacheDir: string): Promise<void> {
  // Pack versions hold hidden cases and references: the cache is the runner user's alone.
  await mkdir(cacheDir, { recursive: true, mode: 0o700 })
  await chmod(cacheDir, 0o700)
  const link = path.join(cacheDir, 'node_modules')
  if (await exists(link)) return
  await symlink(REPO_NODE_MODULES, link, 'dir').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}
