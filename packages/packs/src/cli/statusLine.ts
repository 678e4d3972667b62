/**
 * One line of progress on stderr, rewritten in place; silent when stderr is not a terminal so that
 * logs and pipes get only results.
 */
export function createStatusLine(stream: NodeJS.WriteStream = process.stderr) {
  const live = stream.isTTY === true
  let shown = false
  return {
    update(text: string) {
      if (!live) return
      const width = Math.max(20, (stream.columns ?? 80) - 1)
      stream.write(`\r\u001b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
      shown = true
    },
    clear() {
      if (live && shown) stream.write('\r\u001b[2K')
      shown = false
    },
  }
}
