import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common'

export const MIN_PASSWORD_LENGTH = 8
/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3

const zxcvbn = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs })

// zxcvbn's warnings are keys; what a person reads instead.
const WARNINGS: Record<string, string> = {
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is close to a commonly used password',
  straightRow: 'it is a straight row of keys',
  keyPattern: 'it is a short keyboard pattern',
  simpleRepeat: 'it repeats one character',
  extendedRepeat: 'it repeats a short pattern',
  sequences: 'it is a sequence like "abc" or "6543"',
  recentYears: 'it is a recent year',
  dates: 'it is a date',
  userInputs: 'it contains your username',
  namesByThemselves: 'it is a name',
  commonNames: 'it is a common name',
  wordByItself: 'it is a single word',
  pwned: 'it has appeared in leaks of other sites',
}

/**
 * What is wrong with a new password, or null: at least 8 characters, and hard to guess by zxcvbn's
 * estimate (dictionaries of common passwords and words, keyboard patterns, repeats, dates, the user's
 * own name). The message says why and what works instead.
 */
export function passwordProblem(password: string, userInputs: string[]): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`
  }
  const result = zxcvbn.check(password, userInputs)
  if (result.score >= MIN_SCORE) return null
  const why = WARNINGS[result.feedback.warning ?? ''] ?? 'it is easy to guess'
  return `This password is too easy to guess: ${why}. Use a few uncommon words together, or a longer phrase.`
}
