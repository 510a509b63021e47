import * as v from 'valibot'
import { ConfirmPassword, NewPassword, NOT_TYPED_TWICE, Role, typedTwice, Username } from '../auth/schemas'
import { says } from '../validate'

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

const userPatchFields = {
  name: v.optional(Name),
  /** Any role; the scope must then fit it (a liaison's unit, a clerk's rounds). Not one's own. */
  role: v.optional(Role),
  disabled: v.optional(v.boolean()),
  password: v.optional(NewPassword),
  /** A liaison's unit (the root of its subtree): an active unit of the account's campaign; null for other roles. */
  unitId: v.optional(v.nullable(Id)),
  roundIds: v.optional(RoundIds),
}

/**
 * `PATCH /api/users/:id`: rename, change the role, disable or enable, reset the password, move a
 * liaison to another unit, set a clerk's rounds.
 */
export const UserPatchBody = v.pipe(
  v.strictObject(userPatchFields),
  v.check((body) => Object.keys(body).length > 0, says('没有要修改的内容', 'nothing to change')),
)
export type UserPatchBody = v.InferOutput<typeof UserPatchBody>

/** The console's new-account form: `NewUserBody` with the initial password typed twice. */
export const NewUserForm = v.pipe(
  v.strictObject({ ...NewUserBody.entries, confirmPassword: ConfirmPassword }),
  v.forward(
    v.check((body) => typedTwice(body.password, body.confirmPassword), NOT_TYPED_TWICE),
    ['confirmPassword'],
  ),
)

/** The console's edit form: `UserPatchBody`, a new password (when one is set) typed twice. */
export const UserPatchForm = v.pipe(
  v.strictObject({ ...userPatchFields, confirmPassword: v.optional(ConfirmPassword) }),
  v.forward(
    v.check((body) => typedTwice(body.password, body.confirmPassword), NOT_TYPED_TWICE),
    ['confirmPassword'],
  ),
)

/** `GET /api/users?campaignId=` */
export const UserQuery = v.strictObject({
  campaignId: v.optional(Id),
  lang: v.optional(v.picklist(['zh-CN', 'en'])),
})
