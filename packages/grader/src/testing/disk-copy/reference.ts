import { disk } from 'arena:disk'

interface CopyJob {
  input: string
  output: string
  bytes: number
}

export function solve(job: CopyJob): number {
  const input = disk.open(job.input)
  const output = disk.create(job.output)
  const buffer = new Uint8Array(1 << 20)
  for (let at = 0; at < job.bytes; ) {
    const n = input.read(buffer, at)
    output.append(buffer.subarray(0, n))
    at += n
  }
  const size = output.size()
  output.close()
  return size
}
