// A second task module beside fixtureTask.ts that shares its module state (childBundle.test.ts).
export { bump as bumpBeside } from './fixtureTask.ts'
