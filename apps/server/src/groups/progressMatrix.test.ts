import { describe, expect, it } from 'vitest'
import type { InstructorView } from '../api/gameTypes.ts'
import { matrixCsv, median } from './progressMatrix.ts'

describe('progress matrix', () => {
  it('writes CSV that spreadsheets never run: quoted, and formulas defused', () => {
    const view: InstructorView = {
      groupId: 1,
      challenges: [{ id: 'core/a', title: 'A', title_ko: null, deadline: null }],
      rows: [
        {
          userId: 1,
          username: '=HYPERLINK("http://x")',
          role: 'member',
          cells: [{ state: 'accepted', tier: 'gold', score: 2, hintsOpened: 0, submissionId: null }],
          solved: 1,
          late: 0,
        },
        {
          userId: 2,
          username: 'kim, "the fast"',
          role: 'member',
          cells: [{ state: 'late', tier: 'silver', score: 0.5, hintsOpened: 0, submissionId: null }],
          solved: 0,
          late: 1,
        },
      ],
      stats: [],
    }
    expect(matrixCsv(view).split('\r\n')).toEqual([
      'username,role,core/a,solved,late',
      `"'=HYPERLINK(""http://x"")",member,accepted:gold:2.000,1,0`,
      '"kim, ""the fast""",member,late:silver:0.500,0,1',
      '',
    ])
  })

  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull()
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
  })
})
