/** Messages between ProcessPool (parent) and childMain (child), over Node's advanced-serialization IPC. */
export interface TaskRequest {
  type: 'task'
  id: number
  /** Absolute path or file URL of a trusted module that runs in the child. */
  module: string
  /** Name of the exported async function to call with `payload`. */
  fn: string
  payload: unknown
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: unknown; tainted: boolean }
  | { type: 'error'; id: number; message: string; stack?: string; tainted: boolean }
