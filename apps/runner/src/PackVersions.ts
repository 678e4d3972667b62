import path from 'node:path'
import { type Challenge, loadPack, type Pack } from '@arena/packs'

export class PackVersionMissingError extends Error {
  readonly code = 'ARENA_PACK_VERSION_MISSING'
}

/**
 * Finds the exact pack version a job names, by content hash: the pack under `challenges/` when it
 * still has that content, else the server's stored copy of that version. Versions are immutable, so
 * each is loaded (and its hash verified) once per runner.
 */
export class PackVersions {
  private readonly loaded = new Map<string, Promise<Pack>>()

  constructor(
    private readonly challengesDir: string,
    private readonly packStoreDir: string | undefined,
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
    const candidates = [path.join(this.challengesDir, packId)]
    if (this.packStoreDir) candidates.push(path.join(this.packStoreDir, hash, packId))
    for (const dir of candidates) {
      const pack = await loadPack(dir).catch(() => undefined)
      if (pack && pack.hash === hash && pack.config.id === packId) return pack
    }
    throw new PackVersionMissingError(
      `The version of pack "${packId}" this submission was made for (${hash.slice(0, 12)}) is no longer available on this runner.`,
    )
  }
}
