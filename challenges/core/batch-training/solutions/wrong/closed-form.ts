// @expect WrongAnswer
// @skips-lesson: no training and no tensor op. Nearest-centroid in closed form (class means as
// weights, -|mean|²/2 as biases) classifies these samples as well as training does, in a single pass
// of plain JavaScript. It scored gold (17×) when only held-out accuracy was checked; the stated
// procedure's weights are not the class means.
interface Dataset {
  x: Float32Array
  y: Uint8Array
  n: number
  features: number
  classes: number
  batch: number
  learningRate: number
  epochs: number
}

export function solve(data: Dataset): Float32Array {
  const { n, features, classes } = data
  const sums = new Float64Array(classes * features)
  const counts = new Float64Array(classes)
  for (let i = 0; i < n; i++) {
    const c = data.y[i] as number
    counts[c] = (counts[c] as number) + 1
    for (let f = 0; f < features; f++)
      sums[c * features + f] = (sums[c * features + f] as number) + (data.x[i * features + f] as number)
  }
  const weights = new Float32Array((features + 1) * classes)
  for (let c = 0; c < classes; c++) {
    let norm = 0
    for (let f = 0; f < features; f++) {
      const mean = (sums[c * features + f] as number) / Math.max(1, counts[c] as number)
      weights[f * classes + c] = mean
      norm += mean * mean
    }
    weights[features * classes + c] = -norm / 2
  }
  return weights
}
