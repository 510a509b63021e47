import type { Child } from 'hono/jsx'
import type { CampaignView } from '../campaigns/store'
import type { CategoryView } from '../categories/store'
import type { Lang } from '../i18n'
import type { listCampaignRounds } from '../rounds/setup-store'
import { stageNames } from '../rounds/stages'
import { type FormState, Field, FormError } from './form-kit'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from './layout'
import { statusNames, sw } from './setup-text'

const text = {
  newCampaign: { 'zh-CN': '新建活动', en: 'New campaign' },
  campaignName: { 'zh-CN': '活动名称', en: 'Campaign name' },
  theme: { 'zh-CN': '主题', en: 'Theme' },
  batch: { 'zh-CN': '批次（如 第一批）', en: 'Batch (e.g. first batch)' },
  created: { 'zh-CN': '创建时间', en: 'Created' },
  unitCount: { 'zh-CN': '参学单位', en: 'Units' },
  categoryCount: { 'zh-CN': '评议人类别', en: 'Evaluator categories' },
  weightSum: { 'zh-CN': '权重合计', en: 'weights add up to' },
  formCount: { 'zh-CN': '评议表版本', en: 'Form versions' },
  roundUnits: { 'zh-CN': '被评议单位', en: 'Units evaluated' },
  noCampaigns: { 'zh-CN': '还没有活动。先新建一个活动。', en: 'No campaigns yet. Create one first.' },
  officeOnly: { 'zh-CN': '新建活动由活动办公室（不限活动的账号）进行。', en: 'New campaigns are created by office-wide organisers.' },
} satisfies Record<string, Record<Lang, string>>

export type CampaignSection = 'overview' | 'units' | 'categories' | 'forms' | 'rounds'

/**
 * The frame of every page of one campaign: the console layout, the campaign's name and its
 * section tabs (overview, units, categories, forms, rounds).
 */
export function CampaignFrame(props: { req: ConsoleRequest; campaign: CampaignView; section: CampaignSection; title: string; scripts?: string[]; children: Child }) {
  const { req, campaign } = props
  const base = `/console/campaigns/${campaign.id}`
  const tabs: { key: CampaignSection; href: string }[] = [
    { key: 'overview', href: base },
    { key: 'units', href: `${base}/units` },
    { key: 'categories', href: `${base}/categories` },
    { key: 'forms', href: `${base}/forms` },
    { key: 'rounds', href: `${base}/rounds` },
  ]
  return (
    <ConsoleLayout req={req} title={`${props.title} · ${campaign.name}`} active="campaigns" scripts={props.scripts}>
      <p class="crumbs">
        <a href="/console/campaigns">{sw(req.lang, 'campaigns')}</a> › <a href={base}>{campaign.name}</a>
      </p>
      <nav class="tabs" aria-label={campaign.name}>
        {tabs.map((tab) => (
          <a href={tab.href} aria-current={tab.key === props.section ? 'page' : undefined}>
            {sw(req.lang, tab.key)}
          </a>
        ))}
      </nav>
      {props.children}
    </ConsoleLayout>
  )
}

/** `/console/campaigns`: the campaigns one may work on, and (office-wide organisers) a form to create one. */
export function CampaignsPage(props: { req: ConsoleRequest; campaigns: CampaignView[]; state?: FormState }) {
  const { req, campaigns, state } = props
  const lang = req.lang
  const mayCreate = req.user.campaignId === null
  return (
    <ConsoleLayout req={req} title={sw(lang, 'campaigns')} active="campaigns">
      <h1>{sw(lang, 'campaigns')}</h1>
      {campaigns.length === 0 ? <p class="muted">{text.noCampaigns[lang]}</p> : null}
      <ul class="list">
        {campaigns.map((campaign) => (
          <li>
            <a href={`/console/campaigns/${campaign.id}`}>{campaign.name}</a>
            <span class="muted">
              {[campaign.batch, campaign.theme].filter(Boolean).join(' · ')} · {campaign.createdAt.slice(0, 10)}
            </span>
          </li>
        ))}
      </ul>
      <h2>{text.newCampaign[lang]}</h2>
      {mayCreate ? (
        <form method="post" action="/console/campaigns" class="narrow" id="campaign-form">
          <CsrfField token={req.csrfToken} />
          <FormError state={state} labels={{ name: text.campaignName[lang], theme: text.theme[lang], batch: text.batch[lang] }} />
          <Field state={state} name="name" label={text.campaignName[lang]} required maxlength={200} />
          <Field state={state} name="theme" label={text.theme[lang]} maxlength={500} />
          <Field state={state} name="batch" label={text.batch[lang]} maxlength={100} />
          <button type="submit" class="primary">
            {text.newCampaign[lang]}
          </button>
        </form>
      ) : (
        <p class="muted">{text.officeOnly[lang]}</p>
      )}
    </ConsoleLayout>
  )
}

/** `/console/campaigns/:campaign`: what the campaign holds, and its rounds with their status. */
export function CampaignOverview(props: {
  req: ConsoleRequest
  campaign: CampaignView
  units: number
  categories: CategoryView[]
  forms: number
  rounds: Awaited<ReturnType<typeof listCampaignRounds>>
}) {
  const { req, campaign, categories, rounds } = props
  const lang = req.lang
  const base = `/console/campaigns/${campaign.id}`
  const weightSum = Math.round(categories.reduce((sum, c) => sum + c.weight * 100, 0)) / 100
  return (
    <CampaignFrame req={req} campaign={campaign} section="overview" title={sw(lang, 'overview')}>
      <h1>{campaign.name}</h1>
      <dl class="facts" id="campaign-facts">
        {campaign.theme ? (
          <>
            <dt>{text.theme[lang]}</dt>
            <dd>{campaign.theme}</dd>
          </>
        ) : null}
        <dt>{text.unitCount[lang]}</dt>
        <dd data-fact="units">
          <a href={`${base}/units`}>{props.units}</a>
        </dd>
        <dt>{text.categoryCount[lang]}</dt>
        <dd data-fact="categories">
          <a href={`${base}/categories`}>{categories.length}</a>
          {categories.length ? <span class="muted"> · {text.weightSum[lang]} {weightSum}%</span> : null}
        </dd>
        <dt>{text.formCount[lang]}</dt>
        <dd data-fact="forms">
          <a href={`${base}/forms`}>{props.forms}</a>
        </dd>
      </dl>
      <h2>{sw(lang, 'rounds')}</h2>
      {rounds.length === 0 ? <p class="muted">{sw(lang, 'none')}</p> : null}
      {rounds.length ? (
        <table id="rounds">
          <thead>
            <tr>
              <th>{sw(lang, 'name')}</th>
              <th>{sw(lang, 'stage')}</th>
              <th>{sw(lang, 'status')}</th>
              <th>{text.roundUnits[lang]}</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((round) => (
              <tr>
                <td>
                  <a href={`${base}/rounds/${round.id}`}>{round.name}</a>
                </td>
                <td>{stageNames[round.stage][lang]}</td>
                <td>
                  <span class={`status ${round.status}`}>{statusNames[round.status][lang]}</span>
                </td>
                <td>{round.units}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </CampaignFrame>
  )
}
