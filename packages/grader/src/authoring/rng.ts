import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'

export interface Rng {
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** Float in [0, 1). */
  float(): number
  /** Standard normal (Box-Muller). */
  normal(mean?: number, sd?: number): number
  pick<T>(items: readonly T[]): T
}

/** A seeded generator for tests.ts: the same seed gives the same sequence on every machine. */
export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0)
  const float = () => uniformFloat64(gen)
  const int = (min: number, max: number) => uniformInt(gen, min, max)
  return {
    int,
    float,
    normal(mean = 0, sd = 1) {
      const u = 1 - float()
      const v = float()
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
    pick(items) {
      return items[int(0, items.length - 1)] as (typeof items)[number]
    },
  }
}
