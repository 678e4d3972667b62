export interface TaskItem {
  value: unknown
  offset: number
}

/** `map`'s tasks as they are; `mapArray`'s typed array cut into chunks of their own buffers (a copy). */
export function splitTasks(tasks: unknown, chunkLength: number): (TaskItem | undefined)[] {
  if (chunkLength > 0 && ArrayBuffer.isView(tasks) && !(tasks instanceof DataView)) {
    const array = tasks as unknown as { length: number; slice(start: number, end: number): unknown }
    const items: TaskItem[] = []
    for (let offset = 0; offset < array.length; offset += chunkLength) {
      items.push({ value: array.slice(offset, offset + chunkLength), offset })
    }
    return items
  }
  if (!Array.isArray(tasks)) return []
  return tasks.map((value) => ({ value, offset: 0 }))
}
