// @skips-lesson (as every slow solution): the obvious route around the pool, every item's rounds in
// one plain loop on the main thread, no worker and no chunks. It is the reference's work without the
// split, so on an idle machine it takes about twice as long as the reference on its two workers
// (below gold); on a machine whose cores are busy it can come close (see challenges/README.md).

interface Jobs {
  work: Uint32Array
}

export function solve(input: Jobs): Promise<Uint32Array> {
  const { work } = input
  const out = new Uint32Array(work.length)
  for (let i = 0; i < work.length; i++) {
    let x = (Math.imul(i + 1, 0x9e3779b9) | 1) >>> 0
    for (let r = work[i]!; r > 0; r--) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      x >>>= 0
    }
    out[i] = x
  }
  return Promise.resolve(out)
}
