/**
 * Outputs no correct solution returns, which a check must reject with `fail(...)`: the output of a
 * submission is untrusted, so a check that reads it before checking its type throws, and a learner
 * who returns `null` is told the challenge is at fault (InternalError). `pack test` grades one tiny
 * submission per probe on the samples.
 */
export interface OutputProbe {
  /** Row name: `probe/<name>`. */
  name: string
  /** The JavaScript expression the probe's entry function returns. */
  expression: string
  /** As the failure names it. */
  what: string
}

export const OUTPUT_PROBES: readonly OutputProbe[] = [
  { name: 'undefined', expression: 'undefined', what: 'undefined' },
  { name: 'null', expression: 'null', what: 'null' },
  { name: 'number', expression: '0', what: 'the number 0' },
  { name: 'string', expression: "'0'", what: "the string '0'" },
  { name: 'empty-array', expression: '[]', what: 'an empty array' },
  { name: 'empty-object', expression: '({})', what: 'an empty object' },
  { name: 'array-of-nulls', expression: '[null, null, null]', what: 'an array of nulls' },
]

/** The probe as a submission exporting `entry`. */
export function probeSource(probe: OutputProbe, entry: string): string {
  return `// pack test probe: returns ${probe.what}; the check must reject it with fail(...)\nexport function ${entry}(): unknown {\n  return ${probe.expression}\n}\n`
}
