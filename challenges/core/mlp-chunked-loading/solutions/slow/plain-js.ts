// @skips-lesson (as every slow solution): the stated procedure in plain JavaScript in the sandbox, no
// tensor op; the file still read a MiB at a time (the memory limit leaves no other way). Correct, and
// it must stay below gold. With batches of 32 it scored 1.38 (gold: 3125 tensor ops cost more than the
// arithmetic), which is why the timed case uses batches of 256: 0.61 (272 ms vs 172 ms, 400 ops).
import { disk } from 'arena:disk'

interface TrainingFiles {
  features: string
  labels: string
  n: number
  featureCount: number
  classes: number
  hidden: number
  batch: number
  learningRate: number
  init: Float32Array
}

const CHUNK_SAMPLES = 512

export function solve(job: TrainingFiles): Float32Array {
  const { n, featureCount: d, classes: c, hidden: h, batch } = job
  const weights = Float64Array.from(job.init)
  const b1At = d * h
  const w2At = b1At + h
  const b2At = w2At + h * c
  const gradient = new Float64Array(weights.length)
  const z1 = new Float64Array(h)
  const g1 = new Float64Array(h)
  const g2 = new Float64Array(c)
  const rows = Math.max(1, Math.floor(CHUNK_SAMPLES / batch)) * batch
  const chunk = new Float32Array(rows * d)
  const labels = new Uint8Array(rows)
  const features = disk.open(job.features)
  const labelFile = disk.open(job.labels)
  let inBatch = 0
  for (let first = 0; first < n; first += rows) {
    const count = Math.min(rows, n - first)
    features.read(chunk.subarray(0, count * d), first * d * 4)
    labelFile.read(labels.subarray(0, count), first)
    for (let i = 0; i < count; i++) {
      const row = i * d
      for (let j = 0; j < h; j++) z1[j] = weights[b1At + j]!
      for (let f = 0; f < d; f++) {
        const v = chunk[row + f]!
        const at = f * h
        for (let j = 0; j < h; j++) z1[j] = z1[j]! + v * weights[at + j]!
      }
      let max = Number.NEGATIVE_INFINITY
      for (let k = 0; k < c; k++) {
        let score = weights[b2At + k]!
        for (let j = 0; j < h; j++) if (z1[j]! > 0) score += z1[j]! * weights[w2At + j * c + k]!
        g2[k] = score
        max = Math.max(max, score)
      }
      let sum = 0
      for (let k = 0; k < c; k++) {
        g2[k] = Math.exp(g2[k]! - max)
        sum += g2[k]!
      }
      for (let k = 0; k < c; k++) g2[k] = g2[k]! / sum
      g2[labels[i]!] = g2[labels[i]!]! - 1
      for (let j = 0; j < h; j++) {
        let back = 0
        if (z1[j]! > 0) for (let k = 0; k < c; k++) back += g2[k]! * weights[w2At + j * c + k]!
        g1[j] = back
      }
      for (let f = 0; f < d; f++) {
        const v = chunk[row + f]!
        const at = f * h
        for (let j = 0; j < h; j++) gradient[at + j] = gradient[at + j]! + v * g1[j]!
      }
      for (let j = 0; j < h; j++) {
        gradient[b1At + j] = gradient[b1At + j]! + g1[j]!
        const hj = Math.max(z1[j]!, 0)
        for (let k = 0; k < c; k++) gradient[w2At + j * c + k] = gradient[w2At + j * c + k]! + hj * g2[k]!
      }
      for (let k = 0; k < c; k++) gradient[b2At + k] = gradient[b2At + k]! + g2[k]!
      if (++inBatch === batch || first + i === n - 1) {
        const step = job.learningRate / inBatch
        for (let q = 0; q < weights.length; q++) weights[q] = weights[q]! - step * gradient[q]!
        gradient.fill(0)
        inBatch = 0
      }
    }
  }
  features.close()
  labelFile.close()
  return Float32Array.from(weights)
}
