// @skips-lesson (as every slow solution): the obvious route around the pool, the same generator and
// histogram in one plain loop on the main thread, no worker. It is exactly the reference's work
// without the split, so on an idle machine it takes about twice as long as the reference on its two
// workers (below gold); on a machine whose cores are busy it can come close (see challenges/README.md).

interface Experiment {
  seed: number
  blocks: number
  blockSize: number
  bins: number
}

export function solve(input: Experiment): Promise<Uint32Array> {
  const { bins, blockSize } = input
  const counts = new Uint32Array(bins)
  for (let block = 0; block < input.blocks; block++) {
    let state = (input.seed + Math.imul(block, 0x9e3779b9)) | 0
    for (let i = 0; i < blockSize; i++) {
      let sum = 0
      for (let draw = 0; draw < 4; draw++) {
        state = (state + 0x6d2b79f5) | 0
        let t = Math.imul(state ^ (state >>> 15), 1 | state)
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
        sum += ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
      counts[Math.floor((sum / 4) * bins)]!++
    }
  }
  return Promise.resolve(counts)
}
