import { says } from '../validate'
import * as v from 'valibot'
import { NewPassword, Role, Username } from '../auth/schemas'

const Id = v.pipe(v.string(), v.uuid())
const Name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100))
const RoundIds = v.pipe(v.array(Id), v.maxLength(500))

/** `POST /api/users`: a new account. A campaign's organiser may leave campaignId out (their own). */
export const NewUserBody = v.strictObject({
  username: Username,
  name: Name,
  role: Role,
  password: NewPassword,
  campaignId: v.optional(v.nullable(Id)),
  unitId: v.optional(v.nullable(Id)),
  roundIds: v.optional(RoundIds),
})
export type NewUserBody = v.InferOutput<typeof NewUserBody>

/** `PATCH /api/users/:id`: rename, disable or enable, reset the password, set a clerk's rounds. */
export const UserPatchBody = v.pipe(
  v.strictObject({
    name: v.optional(Name),
    disabled: v.optional(v.boolean()),
    password: v.optional(NewPassword),
    roundIds: v.optional(RoundIds),
  }),
  v.check((body) => Object.keys(body).length > 0, says('没有要修改的内容', 'nothing to change')),
)
export type UserPatchBody = v.InferOutput<typeof UserPatchBody>

/** `GET /api/users?campaignId=` */
export const UserQuery = v.strictObject({
  campaignId: v.optional(Id),
  lang: v.optional(v.picklist(['zh-CN', 'en'])),
})
