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
          cells: [
            { state: 'accepted', tier: 'gold', score: 2, late: false, hintsOpened: 0, submissionId: null },
          ],
          solved: 1,
        },
        {
          userId: 2,
          username: 'kim, "the fast"',
          role: 'member',
          cells: [
            { state: 'attempted', tier: null, score: null, late: true, hintsOpened: 0, submissionId: null },
          ],
          solved: 0,
        },
      ],
      stats: [],
    }
    expect(matrixCsv(view).split('\r\n')).toEqual([
      'username,role,core/a,solved',
      `"'=HYPERLINK(""http://x"")",member,accepted:gold:2.000,1`,
      '"kim, ""the fast""",member,late,0',
      '',
    ])
  })

  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull()
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
  })
})
