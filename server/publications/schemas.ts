import { says } from '../validate'
import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())
const Time = v.nullable(v.pipe(v.string(), v.isoTimestamp()))

/**
 * Publishing a closed round: to whom (organisers always; and at least one of leaders, named units
 * with their subtrees, the public) and, optionally, the 公示 window in which the public page is served.
 */
export const PublishBody = v.strictObject({
  audience: v.pipe(
    v.strictObject({
      leaders: v.optional(v.boolean(), false),
      units: v.optional(v.pipe(v.array(Id), v.maxLength(5000)), []),
      public: v.optional(v.boolean(), false),
    }),
    // Organisers see every round already: a snapshot for nobody else is a slip, not a publication.
    v.check((a) => a.leaders || a.public || a.units.length > 0, says('请至少选择一个公布对象：领导、指定单位或社会公众', 'choose at least one audience: leaders, named units or the public')),
  ),
  window: v.optional(
    v.pipe(
      v.strictObject({ start: v.optional(Time, null), end: v.optional(Time, null) }),
      v.forward(
        v.check((w) => !w.start || !w.end || Date.parse(w.end) > Date.parse(w.start), says('公示结束时间应晚于开始时间', 'must be after the start')),
        ['end'],
      ),
    ),
    { start: null, end: null },
  ),
})
export type PublishBody = v.InferOutput<typeof PublishBody>
