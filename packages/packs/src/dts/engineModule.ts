import type { Engine } from '../schema.ts'

/**
 * The module specifier learner code imports an engine from. A scheme no npm package can take, so an
 * editor never resolves it to something else.
 */
export function engineModule(engine: Engine): string {
  return `arena:${engine}`
}
