import ivm from 'isolated-vm'
import type { EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { DiskFolder } from './DiskFolder.ts'
import { DISK_GUEST_SOURCE } from './diskGuestSource.ts'

/** Bytes one crossing moves for learners' own arrays: 1 MiB chunks cross once, larger ones loop. */
export const STAGE_BYTES = 2 ** 20

export interface DiskEngineOptions {
  maxOpenFiles?: number
  maxFiles?: number
}

/**
 * The `disk` engine for one run: learner code opens, creates, reads, writes, appends and deletes plain
 * files of `options.scratchDir`, within `limits.diskMb`. Input files (those already in the folder, and
 * each call's `inputFiles`, admitted when that call starts) are readable, never writable.
 */
export function createDiskEngine(options: EngineRunOptions, extra: DiskEngineOptions = {}): EngineInstance {
  // Shared with the isolate: the host reads into it and writes from it, the guest copies once. Arrays
  // over a `disk.buffer` skip it: the host reads and writes their shared memory directly.
  const shared = new SharedArrayBuffer(STAGE_BYTES)
  const folder = new DiskFolder({
    dir: options.scratchDir,
    quotaBytes: options.limits.diskMb * 2 ** 20,
    stage: new Uint8Array(shared),
    maxBufferBytes: options.limits.memoryMb * 2 ** 20,
    ...extra,
  })
  return {
    name: 'disk',
    // Every callback answers at once: the entry can run on the host's thread (see IsolateExtension).
    synchronous: true,
    async install({ context }) {
      const bootstrap = await context.eval(DISK_GUEST_SOURCE, { reference: true, filename: 'arena:disk' })
      const callbacks = [
        new ivm.Callback((name: unknown, create: unknown) => folder.open(name, create === true)),
        new ivm.Callback(
          (id: unknown, at: unknown, n: unknown, more: unknown, buffer: unknown, offset: unknown) =>
            folder.read(id, at, n, more, buffer, offset),
        ),
        new ivm.Callback(
          (id: unknown, at: unknown, n: unknown, more: unknown, buffer: unknown, offset: unknown) =>
            folder.write(id, at, n, more, buffer, offset),
        ),
        new ivm.Callback((id: unknown) => folder.handleSize(id)),
        new ivm.Callback((name: unknown) => folder.sizeOf(name)),
        new ivm.Callback((id: unknown) => folder.close(id)),
        new ivm.Callback((name: unknown) => folder.delete(name)),
        new ivm.Callback(() => folder.list()),
        new ivm.Callback(() => folder.usage()),
        new ivm.Callback((buffer: unknown) => folder.register(buffer)),
      ]
      await bootstrap.apply(
        undefined,
        [...callbacks, new ivm.ExternalCopy(shared).copyInto({ release: true })],
        {
          timeout: 1000,
        },
      )
      bootstrap.release()
    },
    beforeCall(index) {
      // This call's inputs appear now, before its clock starts, and not earlier (see inputFiles).
      if (options.inputFiles) folder.admitInputs(options.inputFiles.stage(index))
      folder.startCall()
    },
    counters: () => folder.counters(),
    async dispose() {
      folder.dispose()
    },
  }
}
