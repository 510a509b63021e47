import * as v from 'valibot'

const Id = v.pipe(v.string(), v.uuid())

/** Unit kinds offered in the console (free text is accepted: local names vary). */
export const unitKinds = ['市', '区', '县', '镇', '乡', '街道', '村', '社区', '机关', '事业单位', '企业', '学校', '两新组织', '其他'] as const

export const UnitName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))
export const UnitKind = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20))
/** A unit code (单位编码): letters, digits and - _ . / only, so it survives spreadsheets. */
export const UnitCode = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(50), v.regex(/^[\w.\-/]+$/))

/** A new unit; without `parentId` it is a root of the tree. */
export const UnitBody = v.strictObject({
  name: UnitName,
  kind: UnitKind,
  code: v.optional(v.nullable(UnitCode)),
  parentId: v.optional(v.nullable(Id)),
})
export type UnitBody = v.InferOutput<typeof UnitBody>

/** Rename, re-kind, re-code or move (a new `parentId`; null makes it a root) a unit. */
export const UnitPatch = v.strictObject({
  name: v.optional(UnitName),
  kind: v.optional(UnitKind),
  code: v.optional(v.nullable(UnitCode)),
  parentId: v.optional(v.nullable(Id)),
  position: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
})
export type UnitPatch = v.InferOutput<typeof UnitPatch>
