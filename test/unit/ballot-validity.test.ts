import { expect, it } from 'vitest'
import { checkBallot } from '../../server/ballots/validity'
import { ApiError } from '../../server/errors'
import type { RoundContext } from '../../server/rounds/store'

const U1 = '11111111-1111-4111-8111-111111111111'
const U2 = '22222222-2222-4222-8222-222222222222'
const K1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'

/** A form of three dimensions and four levels, the last one 不了解 (abstain), valid with two answers. */
function context(over: Partial<RoundContext> = {}): RoundContext {
  return {
    round: {} as RoundContext['round'],
    campaign: { id: 'c', name: '测评' },
    form: { id: 'f', name: '表', opinionBox: true, minAnswered: 2 },
    dimensions: [
      { id: 11, label: '认识深不深' },
      { id: 12, label: '问题准不准' },
      { id: 13, label: '原因分析透不透' },
    ],
    levels: [
      { id: 21, label: '满意', score: 100, satisfied: true, abstain: false },
      { id: 22, label: '基本满意', score: 80, satisfied: true, abstain: false },
      { id: 23, label: '不满意', score: 0, satisfied: false, abstain: false },
      { id: 24, label: '不了解', score: 0, satisfied: false, abstain: true },
    ],
    units: [{ id: U1, name: '甲', kind: '乡镇', handedOut: 0 }],
    categories: [{ id: K1, name: '党代表', weight: 1 }],
    ...over,
  }
}

const ballot = (answers: Record<string, number>, unitId = U1) => ({ submissionId: '', unitId, categoryId: K1, answers })
const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, issues: error.issues }
    throw error
  }
  return null
}

it('counts a ballot valid with enough answers that are not 不了解, invalid with fewer', () => {
  const ctx = context()
  expect(checkBallot(ctx, ballot({ 11: 21, 12: 23, 13: 24 }))).toMatchObject({ valid: true, invalidReason: null })
  expect(checkBallot(ctx, ballot({ 11: 21, 12: 24, 13: 24 }))).toMatchObject({ valid: false, invalidReason: 'too_few_answers' })
})

it('refuses a unit outside the round, an unknown dimension, a level outside the scale, and names every missing dimension', () => {
  const ctx = context()
  expect(refusal(() => checkBallot(ctx, ballot({ 11: 21, 12: 21, 13: 21 }, U2)))?.code).toBe('unit_not_in_round')
  expect(refusal(() => checkBallot(ctx, ballot({ 11: 21, 12: 21, 13: 21, 99: 21 })))?.code).toBe('unknown_dimension')
  expect(refusal(() => checkBallot(ctx, ballot({ 11: 21, 12: 99, 13: 21 })))).toEqual({ code: 'answer_out_of_scale', issues: [{ path: 'answers.12' }] })
  expect(refusal(() => checkBallot(ctx, ballot({ 12: 21 })))).toEqual({
    code: 'missing_answer',
    issues: [
      { path: 'answers.11', message: '认识深不深' },
      { path: 'answers.13', message: '原因分析透不透' },
    ],
  })
  // A paper slip's unticked cells are unanswered, not missing.
  expect(checkBallot(ctx, ballot({ 11: 21, 12: 22 }), { allowUnanswered: true })).toMatchObject({ valid: true })
})

it('checks each context against its own form (the lookups are kept per context)', () => {
  const before = context()
  expect(checkBallot(before, ballot({ 11: 21, 12: 21, 13: 21 })).valid).toBe(true)
  // The same round reloaded with a unit added and a dimension dropped: a new context object.
  const after = context({ units: [...before.units, { id: U2, name: '乙', kind: '乡镇', handedOut: 0 }], dimensions: before.dimensions.slice(0, 2) })
  expect(checkBallot(after, ballot({ 11: 21, 12: 21 }, U2)).valid).toBe(true)
  expect(refusal(() => checkBallot(after, ballot({ 11: 21, 12: 21, 13: 21 })))?.code).toBe('unknown_dimension')
  expect(refusal(() => checkBallot(before, ballot({ 11: 21, 12: 21, 13: 21 }, U2)))?.code).toBe('unit_not_in_round')
})
