import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())
const Time = v.nullable(v.pipe(v.string(), v.isoTimestamp()))

/**
 * Publishing a closed round: to whom (organisers always; leaders, named units with their
 * subtrees, the public) and, optionally, the 公示 window in which the public page is served.
 */
export const PublishBody = v.strictObject({
  audience: v.strictObject({
    leaders: v.optional(v.boolean(), false),
    units: v.optional(v.pipe(v.array(Id), v.maxLength(5000)), []),
    public: v.optional(v.boolean(), false),
  }),
  window: v.optional(
    v.pipe(
      v.strictObject({ start: v.optional(Time, null), end: v.optional(Time, null) }),
      v.forward(
        v.check((w) => !w.start || !w.end || Date.parse(w.end) > Date.parse(w.start), 'must be after the start'),
        ['end'],
      ),
    ),
    { start: null, end: null },
  ),
})
export type PublishBody = v.InferOutput<typeof PublishBody>
