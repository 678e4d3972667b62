// Server errors said in the reader's language: the issues as the server's error formatter sends them
// (apps/server/src/trpc/init.ts; typed from the router, so a change there breaks this test's build).
import { createInstance, type TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import { en } from '../i18n/en.ts'
import { ko } from '../i18n/ko.ts'
import { errorMessage, fieldIssues, type ServerIssue } from './errors.ts'

async function translator(language: 'en' | 'ko'): Promise<TFunction> {
  const i18n = createInstance()
  await i18n.init({
    lng: language,
    resources: { en: { translation: en }, ko: { translation: ko } },
    interpolation: { escapeValue: false },
  })
  return i18n.t
}

function issue(partial: Partial<ServerIssue> & Pick<ServerIssue, 'path' | 'code'>): ServerIssue {
  return { message: 'zod text', minimum: null, maximum: null, origin: null, inclusive: true, ...partial }
}

function badRequest(procedure: string, issues: ServerIssue[]) {
  return {
    message: issues.map((each) => `${each.path}: ${each.message}`).join('; '),
    data: { code: 'BAD_REQUEST', httpStatus: 400, path: procedure, issues },
  }
}

const inviteCode = badRequest('group.join', [
  issue({
    path: 'code',
    code: 'invalid_format',
    message: 'An invite code is 10 letters and digits, like "K7Q2M4XZ3A".',
  }),
])

describe('errorMessage', () => {
  it('says a field rule in the reader language, never the path or zod text', async () => {
    const enText = errorMessage(inviteCode, await translator('en'))
    expect(enText).toBe('An invite code is 10 letters and digits, like K7Q2M4XZ3A.')
    expect(enText).not.toMatch(/^code:/)
    const koText = errorMessage(inviteCode, await translator('ko'))
    expect(koText).toBe('초대 코드는 K7Q2M4XZ3A처럼 영문자와 숫자 10자예요.')
  })

  it('says a bound with the field name and the number, with plurals', async () => {
    const error = badRequest('discussion.reply', [
      issue({ path: 'note', code: 'too_big', maximum: 1, origin: 'string' }),
      issue({ path: 'limits.cpuMs', code: 'too_small', minimum: 8, origin: 'number' }),
      issue({ path: 'xp', code: 'too_small', minimum: 0, origin: 'number', inclusive: false }),
    ])
    const t = await translator('en')
    expect(fieldIssues(error, t)).toEqual([
      { path: 'note', message: 'note is at most 1 character.' },
      { path: 'limits.cpuMs', message: 'limits.cpuMs must be at least 8.' },
      { path: 'xp', message: 'XP must be more than 0.' },
    ])
    const tk = await translator('ko')
    expect(fieldIssues(error, tk).map((each) => each.message)).toEqual([
      'note: 최대 1자예요.',
      'limits.cpuMs: 8 이상이어야 해요.',
      'XP: 0보다 커야 해요.',
    ])
  })

  it('names a known field by its label and scopes rules to their router', async () => {
    const error = badRequest('profile.update', [
      issue({ path: 'code', code: 'too_small', minimum: 3, origin: 'string' }),
    ])
    expect(errorMessage(error, await translator('en'))).toBe('The invite code needs at least 3 characters.')
  })

  it('keeps our own English reason as a detail of a translated sentence', async () => {
    const error = badRequest('authoring.save', [
      issue({ path: 'wallMs', code: 'custom', message: 'wallMs must be at least cpuMs' }),
    ])
    expect(errorMessage(error, await translator('en'))).toBe('wallMs: wallMs must be at least cpuMs')
    expect(errorMessage(error, await translator('ko'))).toBe(
      'wallMs: 올바르지 않아요 (wallMs must be at least cpuMs)',
    )
  })

  it('translates the kind of a refusal that has no issues', async () => {
    const notFound = { message: 'You are not in group #999.', data: { code: 'NOT_FOUND', path: 'group.get' } }
    expect(errorMessage(notFound, await translator('en'))).toBe('You are not in group #999.')
    expect(errorMessage(notFound, await translator('ko'))).toBe(
      '없거나 볼 수 없는 항목이에요. (서버: You are not in group #999.)',
    )
    const internal = { message: 'boom', data: { code: 'INTERNAL_SERVER_ERROR' } }
    expect(errorMessage(internal, await translator('ko'))).toBe(
      '서버에서 문제가 생겼어요. 잠시 후 다시 시도하세요.',
    )
  })

  it("says a refusal in the reader's language from its reason, with its values", async () => {
    // As the server sends it (apps/server/src/trpc/refusal.ts; hintRouter.test sees the real one).
    const refused = {
      message: 'Hints open in order: open hint 2 first.',
      data: { code: 'BAD_REQUEST', refusal: { reason: 'hintOutOfOrder', params: { n: 2 } } },
    }
    expect(errorMessage(refused, await translator('en'))).toBe('Hints open in order: open hint 2 first.')
    expect(errorMessage(refused, await translator('ko'))).toBe(
      '힌트는 순서대로 열려요. 2번 힌트를 먼저 여세요.',
    )
    const wrongLogin = {
      message: 'Wrong username or password.',
      data: { code: 'UNAUTHORIZED', refusal: { reason: 'wrongLogin', params: {} } },
    }
    expect(errorMessage(wrongLogin, await translator('ko'))).toBe('사용자 이름이나 비밀번호가 틀렸어요.')
    // "Log in first" from a session that ended reads as such.
    const ended = {
      message: 'Log in first.',
      data: { code: 'UNAUTHORIZED', refusal: { reason: 'logInFirst', params: {} } },
    }
    expect(errorMessage(ended, await translator('en'))).toBe('Your session has ended. Log in again.')
  })

  it('says a network failure as one', async () => {
    expect(errorMessage(new TypeError('Failed to fetch'), await translator('en'))).toMatch(
      /Cannot reach the server/,
    )
  })
})
