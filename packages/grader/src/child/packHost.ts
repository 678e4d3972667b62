// The interface between the pack-code isolate's guest runtime (packGuest.ts, which runs only inside the
// isolate) and the host (packIsolate.ts): shared here so that the host never loads the guest module.

/** The host's callbacks (packIsolate.ts `installHost`); each validates its arguments. */
export interface PackHost {
  writeOpen(name: string): number
  writeChunk(handle: number, bytes: Uint8Array): void
  writeClose(handle: number): string
  fileName(name: string): string
  outExists(name: string): boolean
  outSize(name: string): number
  outOpen(name: string): number
  /** The next chunk's bytes, moved into the isolate (an ArrayBuffer of exactly them); undefined at the end. */
  outRead(handle: number, chunkBytes: number): ArrayBuffer | undefined
  outClose(handle: number): void
  /** The UTF-8 bytes, moved into the isolate as an ArrayBuffer of exactly them. */
  utf8Encode(text: string): ArrayBuffer
  /** One whole decode: no state kept on the host, so a tests.ts may make as many TextDecoders as it likes. */
  utf8Decode(bytes: Uint8Array | undefined, fatal: boolean, ignoreBOM: boolean): string
  /** A streaming decode's state on the host, from its first `stream: true` call until the call that ends it. */
  decoderOpen(fatal: boolean, ignoreBOM: boolean): number
  /** Decodes with the stream's state; a call with `stream` false ends the stream and frees the handle. */
  decoderWrite(id: number, bytes: Uint8Array | undefined, stream: boolean): string
}

export const PACK_HOST_GLOBAL = '__arena_pack_host'
