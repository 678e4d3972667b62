import pc from 'picocolors'

export type Colors = ReturnType<typeof pc.createColors>

/**
 * Colors for one output stream: on for a terminal, off when piped or with NO_COLOR (any value), so
 * logs and `--json` consumers never see escape codes. FORCE_COLOR turns them on anyway.
 */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  const env = process.env
  const enabled =
    env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0'
      ? true
      : env.NO_COLOR === undefined && stream.isTTY === true && env.TERM !== 'dumb'
  return pc.createColors(enabled)
}
