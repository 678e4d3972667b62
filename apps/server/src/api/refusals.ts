// Every refusal the server words itself, by reason, in English with {{params}}: the sentence the API
// sends (`message`), and the English the page shows. The page says each in the reader's language by
// its reason (`data.refusal`; Korean in apps/web/src/i18n/ko.ts, which must name every reason). Pure
// data with no imports: the web bundle takes it as its English texts (apps/web/src/i18n/en.ts).
export const REFUSALS = {
  logInFirst: 'Log in first.',
  wrongLogin: 'Wrong username or password.',
  usernameTaken: 'That username is taken, or looks like one that is: choose another one.',
  currentPasswordWrong: 'The current password is not right.',
  challengeMissing: 'There is no challenge "{{challengeId}}".',
  submissionMissing: 'You have no submission #{{id}}.',
  submissionNotOnChallenge: 'You have no submission #{{id}} on "{{challengeId}}".',
  shareNeedsAccepted: 'Only an Accepted full submission (Submit, not Run) can be shared.',
  hintMissing: 'This challenge has no hint {{n}}.',
  hintOutOfOrder: 'Hints open in order: open hint {{n}} first.',
  postMissing: 'There is no post {{id}}.',
  postIsReply: 'That post is a reply.',
  threadClosed: 'This thread takes no more replies.',
  editOwnPostOnly: 'Only its author can edit a post.',
  deletePostForbidden: 'Only its author or a moderator can delete a post.',
  reportsForModerators: 'Only moderators see reports.',
  handlingReportsForModerators: 'Only moderators handle reports.',
  runnersForAdmins: 'The runners page is for admins.',
  notInGroup: 'You are not in group #{{id}}.',
  inviteCodeUnknown: 'No group has this invite code (it may have been rotated).',
  learnerNotInGroup: 'That learner is not in this group.',
  removeSelf: 'Use "leave" to leave a group yourself.',
  ownerRemovesInstructors: 'Only the owner may remove an instructor; the owner stays.',
  ownerChangesRoles: 'Only the owner may change roles.',
  ownerKeepsRole: 'The owner keeps the owner role.',
  groupStaffOnly: 'Only the group owner and instructors may do this.',
  packMissing: 'There is no pack "{{packId}}".',
  assignmentMissing: 'No such assignment in this group.',
  instructorsOnly:
    'Authoring packs is for instructors; ask an admin to give your account the instructor role.',
  ownPackMissing: 'You have no pack "{{packId}}".',
  ownChallengeMissing: 'You have no challenge "{{challengeId}}".',
  packIdTaken: 'The pack id "{{packId}}" is taken.',
  challengeIdFixed: 'id: must stay "{{slug}}" (the folder name).',
  yamlUnreadable: '{{file}}: fix the YAML by hand first ({{detail}}).',
  packTestMissing: 'There is no pack test #{{id}}.',
  regradeMissing: 'There is no re-grade #{{id}}.',
  privatePackNeedsGroup: 'groupId: a private pack needs a group.',
  publishUntested:
    'Publish needs a passing "Test pack" of exactly this content: this content has not been tested.',
  publishTestRunning:
    'Publish needs a passing "Test pack" of exactly this content: its test is still running.',
  publishTestFailed: 'Publish needs a passing "Test pack" of exactly this content: its last test failed.',
} as const

export type RefusalReason = keyof typeof REFUSALS
/** The values a sentence names (ids, names, numbers); the same in every language. */
export type RefusalParams = Readonly<Record<string, string | number>>

/** The English sentence of a refusal, its {{params}} filled in. */
export function refusalText(reason: RefusalReason, params: RefusalParams = {}): string {
  return REFUSALS[reason].replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}
