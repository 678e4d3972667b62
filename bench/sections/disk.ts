import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createDiskEngine } from '@arena/engines'
import { type IsolateProgram, runProgram } from '@arena/sandbox'
import { type BenchSection, summarize } from './section.ts'

const CHUNK = 2 ** 20
const CHUNKS = 128
const REPEATS = 7
const MB = (CHUNK * CHUNKS) / 2 ** 20

/**
 * Writes then reads back CHUNKS chunks of 1 MiB through `arena:disk`: one call each, timed apart; first
 * from and into a plain Uint8Array (through the staging buffer), then a `disk.buffer` (no staging copy).
 */
const PROGRAM: IsolateProgram = {
  code: `var __bench = (() => {
    const { disk } = globalThis.__arena_engines.disk
    const plain = new Uint8Array(${CHUNK}).fill(7)
    const shared = disk.buffer(${CHUNK}).fill(7)
    return { solve(mode) {
      const chunk = mode.endsWith('-buffer') ? shared : plain
      const name = mode.endsWith('-buffer') ? 'buffer.bin' : 'data.bin'
      if (mode.startsWith('write')) {
        const f = disk.create(name)
        for (let i = 0; i < ${CHUNKS}; i++) f.append(chunk)
        f.close()
      } else {
        const f = disk.open(name)
        let sum = 0
        for (let i = 0; i < ${CHUNKS}; i++) sum += f.read(chunk, i * ${CHUNK})
        f.close()
        return sum
      }
    } }
  })()`,
  filename: 'bench.js',
  globalName: '__bench',
  entry: 'solve',
}

export const diskSection: BenchSection = {
  name: 'disk',
  description: `disk engine throughput, ${MB} MB in 1 MiB chunks, against plain fs in the same run (issue #4)`,
  async run(log) {
    const times = {
      fsWrite: [] as number[],
      fsRead: [] as number[],
      engineWrite: [] as number[],
      engineRead: [] as number[],
      bufferWrite: [] as number[],
      bufferRead: [] as number[],
    }
    for (let round = 0; round < REPEATS; round++) {
      const plain = withFolder((dir) => plainFs(dir))
      times.fsWrite.push(plain.write)
      times.fsRead.push(plain.read)
      const engine = await withFolderAsync((dir) => throughEngine(dir))
      times.engineWrite.push(engine.write)
      times.engineRead.push(engine.read)
      times.bufferWrite.push(engine.bufferWrite)
      times.bufferRead.push(engine.bufferRead)
    }
    const rate = (ns: number[]) => MB / (summarize(ns).median / 1e9)
    const result = {
      chunkBytes: CHUNK,
      megabytes: MB,
      writeMBps: { fs: rate(times.fsWrite), engine: rate(times.engineWrite) },
      readMBps: { fs: rate(times.fsRead), engine: rate(times.engineRead) },
      writeRatio: rate(times.engineWrite) / rate(times.fsWrite),
      readRatio: rate(times.engineRead) / rate(times.fsRead),
      /** Through a `disk.buffer`: the host reads and writes the isolate's shared memory directly. */
      bufferMBps: { write: rate(times.bufferWrite), read: rate(times.bufferRead) },
      bufferWriteRatio: rate(times.bufferWrite) / rate(times.fsWrite),
      bufferReadRatio: rate(times.bufferRead) / rate(times.fsRead),
    }
    log(
      `write: engine ${result.writeMBps.engine.toFixed(0)} MB/s vs fs ${result.writeMBps.fs.toFixed(0)} MB/s = ${(result.writeRatio * 100).toFixed(0)}% (target >= 70%)`,
    )
    log(
      `read:  engine ${result.readMBps.engine.toFixed(0)} MB/s vs fs ${result.readMBps.fs.toFixed(0)} MB/s = ${(result.readRatio * 100).toFixed(0)}% (target >= 70%)`,
    )
    log(
      `disk.buffer write: ${result.bufferMBps.write.toFixed(0)} MB/s = ${(result.bufferWriteRatio * 100).toFixed(0)}% of fs; read: ${result.bufferMBps.read.toFixed(0)} MB/s = ${(result.bufferReadRatio * 100).toFixed(0)}% of fs`,
    )
    return result
  },
}

function plainFs(dir: string) {
  const file = path.join(dir, 'data.bin')
  const chunk = new Uint8Array(CHUNK).fill(7)
  let startedAt = process.hrtime.bigint()
  let fd = fs.openSync(file, 'w')
  for (let i = 0; i < CHUNKS; i++) fs.writeSync(fd, chunk, 0, CHUNK, i * CHUNK)
  fs.closeSync(fd)
  const write = Number(process.hrtime.bigint() - startedAt)
  startedAt = process.hrtime.bigint()
  fd = fs.openSync(file, 'r')
  for (let i = 0; i < CHUNKS; i++) fs.readSync(fd, chunk, 0, CHUNK, i * CHUNK)
  fs.closeSync(fd)
  return { write, read: Number(process.hrtime.bigint() - startedAt) }
}

async function throughEngine(dir: string) {
  const limits = { cpuMs: 60_000, wallMs: 60_000, memoryMb: 64, outputBytes: 1024, resultBytes: 1024 }
  const engine = createDiskEngine({
    limits: { ...limits, workers: 1, diskMb: MB * 3 },
    program: PROGRAM,
    scratchDir: dir,
    runnerClass: 'cpu',
  })
  try {
    const modes = ['write', 'read', 'write-buffer', 'read-buffer']
    const run = await runProgram(PROGRAM, modes, limits, [engine])
    if (run.outcome.status !== 'ok') throw new Error(`disk bench program failed: ${run.outcome.message}`)
    const wall = (i: number) => run.calls[i]?.wallNs ?? 0
    return { write: wall(0), read: wall(1), bufferWrite: wall(2), bufferRead: wall(3) }
  } finally {
    await engine.dispose()
  }
}

function withFolder<T>(body: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-bench-disk-'))
  try {
    return body(dir)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function withFolderAsync<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-bench-disk-'))
  try {
    return await body(dir)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
