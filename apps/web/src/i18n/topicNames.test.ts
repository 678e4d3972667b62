// Issue 19.3: the breadcrumb (the web's `topics.*` texts) and the course map (the server's chapter
// titles) name each chapter the same way, in both languages.
import { expect, it } from 'vitest'
import { COURSE_TOPICS } from '../../../server/src/course/topics.ts'
import { en } from './en.ts'
import { ko } from './ko.ts'

it('names every chapter as the course map does, in English and Korean', () => {
  for (const topic of COURSE_TOPICS) {
    expect(en.topics[topic.id], topic.id).toBe(topic.title)
    expect(ko.topics[topic.id], topic.id).toBe(topic.title_ko)
  }
})
