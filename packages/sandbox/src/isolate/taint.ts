/**
 * After an isolate is disposed for exceeding its memory limit, the host process was seen to crash at
 * exit. A tainted child process finishes its current task and is then replaced by the pool.
 */
let tainted = false

export function markProcessTainted(): void {
  tainted = true
}

export function isProcessTainted(): boolean {
  return tainted
}
