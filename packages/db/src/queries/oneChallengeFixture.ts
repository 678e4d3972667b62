// For the db tests: one pack version with one challenge (`p/c`), made current; returns it as
// findCurrentChallenge does (the challenge and its pack version).
import type { ArenaDb } from '../openDatabase.ts'
import { findCurrentChallenge, insertPackVersion, setCurrentPackVersions } from './packs.ts'

export function insertOneChallenge(db: ArenaDb) {
  const pack = insertPackVersion(db, {
    packId: 'p',
    label: '1',
    hash: 'h1',
    title: 'P',
    titleKo: null,
    challenges: [
      {
        slug: 'c',
        title: 'C',
        titleKo: null,
        topic: 'parallel',
        difficulty: 'easy',
        xp: 10,
        config: {},
        statement: '',
        statementKo: null,
        starter: '',
        dts: '',
        samples: [],
      },
    ],
  })
  setCurrentPackVersions(db, [pack.id])
  return findCurrentChallenge(db, 'p/c')!
}
