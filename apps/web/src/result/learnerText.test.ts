import { describe, expect, it } from 'vitest'
import { pickLearnerText } from './learnerText.ts'

describe('pickLearnerText', () => {
  it('shows Korean to a Korean reader when the check gave it', () => {
    expect(pickLearnerText('Wrong sum.', '합이 틀렸습니다.', 'ko')).toBe('합이 틀렸습니다.')
    expect(pickLearnerText('Wrong sum.', '합이 틀렸습니다.', 'ko-KR')).toBe('합이 틀렸습니다.')
  })

  it('shows English to an English reader, and to everyone when there is no Korean', () => {
    expect(pickLearnerText('Wrong sum.', '합이 틀렸습니다.', 'en')).toBe('Wrong sum.')
    expect(pickLearnerText('Wrong sum.', undefined, 'ko')).toBe('Wrong sum.')
    expect(pickLearnerText(undefined, undefined, 'ko')).toBeUndefined()
  })
})
