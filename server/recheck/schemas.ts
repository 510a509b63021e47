import * as v from 'valibot'
import { ANSWERS } from './store'

const Id = v.pipe(v.string(), v.uuid())

/** The organiser's choice of the public items a round re-checks, exactly. */
export const ItemsBody = v.strictObject({ itemIds: v.pipe(v.array(Id), v.maxLength(1000)) })

/** An evaluator's answers about items, with the code that grants them. */
export const AnswerBody = v.strictObject({
  code: v.pipe(v.string(), v.maxLength(40)),
  answers: v.pipe(v.array(v.strictObject({ itemId: Id, answer: v.picklist(ANSWERS) })), v.minLength(1), v.maxLength(200)),
})
