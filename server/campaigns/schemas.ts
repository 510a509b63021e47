import * as v from 'valibot'

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max))

/** A new campaign (活动): name, theme (主题) and batch (第一批 / 第二批 …). */
export const CampaignBody = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  theme: v.optional(Text(500), ''),
  batch: v.optional(Text(100), ''),
})
export type CampaignBody = v.InferOutput<typeof CampaignBody>

/** A change to a campaign: any of its fields. */
export const CampaignPatch = v.partial(CampaignBody)
export type CampaignPatch = v.InferOutput<typeof CampaignPatch>
