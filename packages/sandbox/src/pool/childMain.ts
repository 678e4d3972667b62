// Entry of a sandbox child process: runs trusted task modules that create isolates. Learner code never
// runs here directly, only inside isolates that these tasks create.
import { isProcessTainted } from '../isolate/taint.ts'
import type { ChildMessage, TaskRequest } from './protocol.ts'

const send = (message: ChildMessage) => process.send?.(message)

process.on('message', async (request: TaskRequest) => {
  if (request?.type !== 'task') return
  try {
    const module = (await import(request.module)) as Record<string, unknown>
    const fn = module[request.fn]
    if (typeof fn !== 'function')
      throw new Error(`${request.module} does not export a function ${request.fn}`)
    const value = await fn(request.payload)
    send({ type: 'result', id: request.id, value, tainted: isProcessTainted() })
  } catch (error) {
    const fault = error instanceof Error ? error : new Error(String(error))
    send({
      type: 'error',
      id: request.id,
      message: fault.message,
      stack: fault.stack,
      tainted: isProcessTainted(),
    })
  }
})

// The parent going away must not leave orphans that keep running learner code.
process.on('disconnect', () => process.exit(0))
send({ type: 'ready' })
