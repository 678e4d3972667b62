import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { editChallengeYaml } from './editChallengeYaml.ts'

const TEXT = `# The example challenge
id: sum
title: "Sum" # shown on the course map
xp: 10
signature: |
  type Input = Float64Array
  function solve(values: Input): number
perf:
  # sizes, smallest first
  cases:
    - { name: small, size: 100 }
  budgetMs: 3000
tags: [todo]
`

describe('editChallengeYaml', () => {
  it('changes what the form changed and keeps comments, quotes and block scalars', () => {
    const before = parse(TEXT) as Record<string, unknown>
    const after = editChallengeYaml(TEXT, {
      ...before,
      title: 'Add them up',
      perf: { ...(before.perf as object), budgetMs: 5000 },
    })
    expect(parse(after)).toEqual({
      ...before,
      title: 'Add them up',
      perf: { ...(before.perf as object), budgetMs: 5000 },
    })
    expect(after).toContain('# The example challenge')
    expect(after).toContain('# sizes, smallest first')
    expect(after).toContain('signature: |\n  type Input = Float64Array')
    expect(after).toContain('budgetMs: 5000')
    expect(after).toContain('title: "Add them up" # shown on the course map')
  })

  it('removes fields the form left out and adds new ones', () => {
    const { tags: _tags, ...rest } = parse(TEXT) as Record<string, unknown>
    const after = parse(editChallengeYaml(TEXT, { ...rest, title_ko: '합' }))
    expect(after).not.toHaveProperty('tags')
    expect(after).toMatchObject({ title_ko: '합', id: 'sum' })
  })

  it('refuses YAML it cannot parse instead of guessing', () => {
    expect(() => editChallengeYaml('xp: [10\n', { xp: 10 })).toThrow()
  })
})

describe('editChallengeYaml with named size parameters (issue 19.11)', () => {
  it('writes a size that became named parameters as a flow mapping inside the case', () => {
    const before = parse(TEXT) as Record<string, unknown>
    const perf = { ...(before.perf as object), cases: [{ name: 'small', size: { n: 100, w: 4 } }] }
    const after = editChallengeYaml(TEXT, { ...before, perf })
    expect(parse(after)).toEqual({ ...before, perf })
    expect(after).toContain('# sizes, smallest first')
    expect(after).toMatch(/- \{ name: small, size: \{ n: 100, w: 4 \} \}/)
    // A case added: the list is written anew, and still reads back as the form's.
    const added = { ...perf, cases: [...perf.cases, { name: 'large', size: { n: 1000, w: 40 } }] }
    expect(parse(editChallengeYaml(after, { ...before, perf: added }))).toEqual({ ...before, perf: added })
  })
})
