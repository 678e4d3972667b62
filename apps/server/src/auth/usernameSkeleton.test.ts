import { describe, expect, it } from 'vitest'
import { usernameSkeleton } from './usernameSkeleton.ts'

// Pairs that read alike in a list of names (in some case: names are unique regardless of case, so
// `Ian` and `ian` are one name and both must collide with `lan`).
const LOOK_ALIKE_PAIRS: [string, string][] = [
  ['Ian', 'lan'],
  ['ian', 'lan'],
  ['Ian', '1an'],
  ['bill', 'biII'],
  ['bill', 'bi11'],
  ['Oscar', '0scar'],
  ['bob0', 'bobO'],
  ['modern', 'rnodern'],
  ['wendy', 'vvendy'],
  ['dave', 'clave'],
  ['dave', 'cIave'],
  ['alice', 'аlice'], // Cyrillic а
  ['alice', 'ａｌｉｃｅ'], // fullwidth
  ['alice', 'alıce'], // dotless ı
  ['alice', 'aℓice'], // script l
  ['paul', 'pauⅠ'], // Roman numeral one
  ['olga', 'οlga'], // Greek omicron
  ['jose', 'jośe'], // combining accent
  ['ann', 'an\u200dn'], // zero-width joiner
]

const DIFFERENT: [string, string][] = [
  ['alice', 'alicia'],
  ['bob', 'rob'],
  ['mike', 'nike'],
]

describe('usernameSkeleton', () => {
  it.each(LOOK_ALIKE_PAIRS)('%s and %s share a skeleton', (name, lookAlike) => {
    expect(usernameSkeleton(lookAlike)).toBe(usernameSkeleton(name))
  })

  it.each(DIFFERENT)('%s and %s stay apart', (name, other) => {
    expect(usernameSkeleton(other)).not.toBe(usernameSkeleton(name))
  })

  it('is the same for every casing of a name', () => {
    for (const name of ['Ian', 'OLGA', 'DaVe', 'ModerN'])
      expect(usernameSkeleton(name.toLowerCase())).toBe(usernameSkeleton(name.toUpperCase()))
  })
})
