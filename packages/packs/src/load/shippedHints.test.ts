// Hints live in challenge.yaml, not in the statement (issue 18.2): every shipped challenge has at
// least two, ordered, in English and Korean, and no README still prints one for everyone to read.
// And every shipped challenge has its editorial in both languages (18.3, 18.6), with measured figures.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { hintCost } from '../schema.ts'
import { loadPack } from './loadPack.ts'

const ROOT = path.resolve(import.meta.dirname, '../../../../challenges')
const HANGUL = /[\uac00-\ud7a3]/

describe.each(['core', 'gpu'])('the %s pack', (packId) => {
  it('gives every challenge an editorial in both languages, with its three parts', async () => {
    const pack = await loadPack(path.join(ROOT, packId))
    for (const challenge of pack.challenges) {
      const { editorial, editorialKo } = challenge.sources
      expect(editorial, `${challenge.id} has no editorial.md`).toBeDefined()
      expect(editorialKo ?? '', `${challenge.id} has no Korean editorial`).toMatch(HANGUL)
      for (const part of ['## The idea', '## Why it is faster', '## Measured'])
        expect(editorial, `${challenge.id}/editorial.md lacks "${part}"`).toContain(part)
    }
  })

  it('gives every challenge hints in both languages, and keeps them out of the statements', async () => {
    const pack = await loadPack(path.join(ROOT, packId))
    expect(pack.challenges.length).toBeGreaterThan(0)
    for (const challenge of pack.challenges) {
      const { hints, xp } = challenge.config
      expect(hints.length, `${challenge.id} has fewer than 2 hints`).toBeGreaterThanOrEqual(2)
      for (const hint of hints) {
        expect(hint.text_ko ?? '', `${challenge.id}: a hint without Korean`).toMatch(HANGUL)
        expect(hintCost({ xp }, hint)).toBeGreaterThan(0)
        expect(hintCost({ xp }, hint)).toBeLessThanOrEqual(xp)
      }
      for (const readme of ['README.md', 'README.ko.md']) {
        const statement = await readFile(path.join(ROOT, packId, challenge.id, readme), 'utf8')
        expect(statement, `${challenge.id}/${readme} still has a hint section`).not.toMatch(
          /^(#+ *(Hints?|힌트)\b|\*\*(Hints?|힌트)\*\*)/m,
        )
      }
    }
  })
})
