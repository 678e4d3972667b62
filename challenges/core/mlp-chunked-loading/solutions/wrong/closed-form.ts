// @expect WrongAnswer
// @skips-lesson: no training and no tensor op. One streaming pass estimates each class's two
// cluster centres (±μ_c, the sign of each sample taken from its dot product with the class's first
// sample); two hidden ReLU units per class detect them (relu(±x·μ_c − |μ_c|²/2)), and W2 sums each
// class's pair. It classifies the held-out samples well above the old 90% bar with no gradient step;
// the stated procedure's weights are nothing like these.
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

const CHUNK = 512

export function solve(job: TrainingFiles): Float32Array {
  const { n, featureCount: d, classes: c, hidden: h } = job
  const centre = new Float64Array(c * d)
  const seen = new Uint8Array(c)
  const features = disk.open(job.features)
  const labels = disk.open(job.labels)
  const chunk = new Float32Array(CHUNK * d)
  const chunkLabels = new Uint8Array(CHUNK)
  const firsts = new Float32Array(c * d)
  for (let first = 0; first < n; first += CHUNK) {
    const rows = Math.min(CHUNK, n - first)
    features.read(chunk.subarray(0, rows * d), first * d * 4)
    labels.read(chunkLabels.subarray(0, rows), first)
    for (let i = 0; i < rows; i++) {
      const k = chunkLabels[i] as number
      const x = chunk.subarray(i * d, (i + 1) * d)
      if (!seen[k]) {
        seen[k] = 1
        firsts.set(x, k * d)
      }
      let dot = 0
      for (let f = 0; f < d; f++) dot += (x[f] as number) * (firsts[k * d + f] as number)
      const sign = dot < 0 ? -1 : 1
      for (let f = 0; f < d; f++) centre[k * d + f] = (centre[k * d + f] as number) + sign * (x[f] as number)
    }
  }
  features.close()
  labels.close()
  const weights = new Float32Array(d * h + h + h * c + c)
  const b1At = d * h
  const w2At = b1At + h
  const labelCounts = new Float64Array(c)
  const all = disk.open(job.labels)
  const bytes = new Uint8Array(Math.min(n, 65536))
  for (let at = 0; at < n; at += bytes.length) {
    const m = Math.min(bytes.length, n - at)
    all.read(bytes.subarray(0, m), at)
    for (let i = 0; i < m; i++)
      labelCounts[bytes[i] as number] = (labelCounts[bytes[i] as number] as number) + 1
  }
  all.close()
  for (let k = 0; k < c; k++) {
    let norm = 0
    for (let f = 0; f < d; f++) {
      const mu = (centre[k * d + f] as number) / Math.max(1, labelCounts[k] as number)
      weights[f * h + 2 * k] = mu
      weights[f * h + 2 * k + 1] = -mu
      norm += mu * mu
    }
    weights[b1At + 2 * k] = -norm / 2
    weights[b1At + 2 * k + 1] = -norm / 2
    weights[w2At + 2 * k * c + k] = 1
    weights[w2At + (2 * k + 1) * c + k] = 1
  }
  return weights
}
