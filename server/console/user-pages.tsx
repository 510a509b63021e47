import type { CampaignView } from '../campaigns/store'
import { type Lang, listJoin } from '../i18n'
import type { UserView } from '../users/store'
import { Field, FieldError, FormError, type FormState, invalid, Select } from './form-kit'
import { ConsoleLayout, type ConsoleRequest, CsrfField } from './layout'
import { sw } from './setup-text'
import { roleNames } from './text'

const text = {
  newUser: { 'zh-CN': '新建账号', en: 'New account' },
  username: { 'zh-CN': '用户名（登录用，字母、数字和 _.@-）', en: 'Username (letters, digits and _.@-)' },
  usernameCol: { 'zh-CN': '用户名', en: 'Username' },
  name: { 'zh-CN': '姓名或单位', en: 'Name' },
  role: { 'zh-CN': '角色', en: 'Role' },
  password: { 'zh-CN': '初始密码（至少 10 个字符，请告知本人并提醒修改）', en: 'Initial password (at least 10 characters; ask them to change it)' },
  campaign: { 'zh-CN': '所属活动', en: 'Campaign' },
  officeWide: { 'zh-CN': '（不限活动，仅限活动办公室）', en: '(all campaigns: organisers only)' },
  unit: { 'zh-CN': '负责单位（单位联络员必填，含其全部下级单位）', en: 'Unit (liaisons: their unit and its subtree)' },
  noUnit: { 'zh-CN': '（无）', en: '(none)' },
  rounds: { 'zh-CN': '负责录入的评议（录入员）', en: 'Rounds to enter paper ballots for (clerks)' },
  scope: { 'zh-CN': '范围', en: 'Scope' },
  disabled: { 'zh-CN': '已停用', en: 'disabled' },
  created: { 'zh-CN': '账号已创建。', en: 'The account was created.' },
  updated: { 'zh-CN': '账号已保存。', en: 'The account was saved.' },
  edit: { 'zh-CN': '修改账号', en: 'Edit account' },
  disable: { 'zh-CN': '停用此账号（不能再登录，已登录的立即退出）', en: 'Disable this account (no more logins; live sessions end)' },
  newPassword: { 'zh-CN': '重设密码（留空则不改；至少 10 个字符，请告知本人）', en: 'New password (leave empty to keep; at least 10 characters)' },
  confirmPassword: { 'zh-CN': '再次输入密码', en: 'Password again' },
  confirmNewPassword: { 'zh-CN': '再次输入重设的密码', en: 'New password again' },
  roleHelp: {
    'zh-CN': '改变角色后，账号的范围随之改变：单位联络员须选负责单位，录入员可选负责录入的评议；不再是录入员或单位联络员时，原来的评议或单位随之取消。',
    en: 'The scope follows the role: a liaison needs a unit, a clerk may be given rounds; leaving either role drops its rounds or unit.',
  },
  ownRole: { 'zh-CN': '不能修改自己账号的角色。', en: 'You cannot change your own role.' },
  officeRole: { 'zh-CN': '不限活动的账号只能是活动办公室。', en: 'An account of all campaigns can only be an organiser.' },
  save: { 'zh-CN': '保存', en: 'Save' },
  back: { 'zh-CN': '返回账号列表', en: 'Back to the accounts' },
  roles: {
    'zh-CN': '活动办公室：管理活动的一切；领导：查看向领导公布的结果；单位联络员：本单位及下级单位；录入员：录入指定评议的纸质票。',
    en: 'Organiser: everything in a campaign; leader: results published to leaders; liaison: their unit subtree; clerk: paper ballots of given rounds.',
  },
} satisfies Record<string, Record<Lang, string>>

/** What an existing account may be given in its own campaign: its units (indented) and rounds. */
export interface AccountChoices {
  units: { value: string; label: string }[]
  rounds: UserChoices['rounds']
}

/** What the form offers: campaigns the organiser manages, their units (indented) and rounds. */
export interface UserChoices {
  campaigns: CampaignView[]
  units: { value: string; label: string; group: string }[]
  rounds: { id: string; name: string; campaign: string }[]
}

/** `/console/users` (organisers): the accounts they manage and a form to create one with role and scope. */
export function UsersPage(props: { req: ConsoleRequest; users: UserView[]; choices: UserChoices; state?: FormState; created?: boolean; updated?: boolean }) {
  const { req, users, choices, state } = props
  const lang = req.lang
  const campaignName = new Map(choices.campaigns.map((c) => [c.id, c.name]))
  const unitName = new Map(choices.units.map((u) => [u.value, u.label.trim()]))
  const chosenRounds = new Set((state?.values.roundIds ?? '').split(','))
  const officeWide = req.user.campaignId === null
  return (
    <ConsoleLayout req={req} title={sw(lang, 'users')} active="users">
      <h1>{sw(lang, 'users')}</h1>
      {props.created ? <p class="ok">{text.created[lang]}</p> : null}
      {props.updated ? <p class="ok">{text.updated[lang]}</p> : null}
      <table id="user-list">
        <thead>
          <tr>
            <th>{text.usernameCol[lang]}</th>
            <th>{text.name[lang]}</th>
            <th>{text.role[lang]}</th>
            <th>{text.scope[lang]}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>
                <a href={`/console/users/${u.id}`}>{u.username}</a>
                {u.disabled ? <span class="muted"> ({text.disabled[lang]})</span> : null}
              </td>
              <td>{u.name}</td>
              <td>{roleNames[u.role][lang]}</td>
              <td>
                {u.campaignId ? (campaignName.get(u.campaignId) ?? '') : text.officeWide[lang]}
                {u.unitId ? ` · ${unitName.get(u.unitId) ?? ''}` : ''}
                {u.roundIds.length ? ` · ${listJoin(lang, choices.rounds.filter((r) => u.roundIds.includes(r.id)).map((r) => r.name))}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{text.newUser[lang]}</h2>
      <p class="muted small">{text.roles[lang]}</p>
      <form method="post" action="/console/users" class="narrow" id="user-form">
        <CsrfField token={req.csrfToken} />
        <FormError state={state} labels={{ username: text.username[lang], name: text.name[lang], role: text.role[lang], password: text.password[lang], confirmPassword: text.confirmPassword[lang], campaignId: text.campaign[lang], unitId: text.unit[lang], roundIds: text.rounds[lang] }} />
        <Field state={state} name="username" label={text.username[lang]} required maxlength={64} />
        <Field state={state} name="name" label={text.name[lang]} required maxlength={100} />
        <Field state={state} name="role" label={text.role[lang]}>
          <Select state={state} name="role" value="liaison" options={(['organiser', 'leader', 'liaison', 'clerk'] as const).map((r) => ({ value: r, label: roleNames[r][lang] }))} />
        </Field>
        <Field state={state} name="password" label={text.password[lang]}>
          <input type="password" name="password" autocomplete="new-password" required maxlength={200} {...invalid(state, 'password')} />
        </Field>
        <Field state={state} name="confirmPassword" label={text.confirmPassword[lang]}>
          <input type="password" name="confirmPassword" autocomplete="new-password" required maxlength={200} data-same-as="password" {...invalid(state, 'confirmPassword')} />
        </Field>
        {officeWide ? (
          <Field state={state} name="campaignId" label={text.campaign[lang]}>
            <Select state={state} name="campaignId" value={choices.campaigns[0]?.id ?? ''} blank={text.officeWide[lang]} options={choices.campaigns.map((c) => ({ value: c.id, label: c.name }))} />
          </Field>
        ) : null}
        <Field state={state} name="unitId" label={text.unit[lang]}>
          <select name="unitId" aria-describedby="unitId-error">
            <option value="">{text.noUnit[lang]}</option>
            {choices.campaigns.map((campaign) => (
              <optgroup label={campaign.name}>
                {choices.units
                  .filter((u) => u.group === campaign.id)
                  .map((u) => (
                    <option value={u.value} selected={state?.values.unitId === u.value}>
                      {u.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </Field>
        {choices.rounds.length ? <RoundChoices lang={lang} state={state} rounds={choices.rounds} chosen={chosenRounds} showCampaign /> : null}
        <button type="submit" class="primary">
          {text.newUser[lang]}
        </button>
      </form>
    </ConsoleLayout>
  )
}

/**
 * `/console/users/:id` (organisers): rename an account, change its role, disable or enable it,
 * set a new password (typed twice), move a liaison to another unit, give a clerk its rounds — the
 * API's PATCH, as a plain form. The unit and rounds fields are there whatever the role, so that
 * a change of role and its scope go in one post; each counts only for its role.
 */
export function UserEditPage(props: { req: ConsoleRequest; user: UserView; choices: AccountChoices; state?: FormState }) {
  const { req, user, state, choices } = props
  const lang = req.lang
  const values = state?.values ?? { name: user.name, role: user.role, unitId: user.unitId ?? '', disabled: user.disabled ? '1' : '', roundIds: user.roundIds.join(',') }
  const chosenRounds = new Set((values.roundIds ?? '').split(','))
  const self = user.id === req.user.id
  const inCampaign = user.campaignId !== null
  return (
    <ConsoleLayout req={req} title={text.edit[lang]} active="users">
      <p class="crumbs">
        <a href="/console/users">← {text.back[lang]}</a>
      </p>
      <h1>
        {text.edit[lang]} · {user.username}
      </h1>
      <form method="post" action={`/console/users/${user.id}`} class="narrow" id="user-edit">
        <CsrfField token={req.csrfToken} />
        <FormError
          state={state}
          labels={{ name: text.name[lang], role: text.role[lang], disabled: text.disable[lang], password: text.newPassword[lang], confirmPassword: text.confirmNewPassword[lang], unitId: text.unit[lang], roundIds: text.rounds[lang] }}
        />
        <Field state={state} name="name" label={text.name[lang]} value={values.name} required maxlength={100} />
        {inCampaign ? (
          <Field state={state} name="role" label={text.role[lang]} hint={self ? text.ownRole[lang] : text.roleHelp[lang]}>
            <select name="role" disabled={self} {...invalid(state, 'role')}>
              {(['organiser', 'leader', 'liaison', 'clerk'] as const).map((r) => (
                <option value={r} selected={r === (values.role ?? user.role)}>
                  {roleNames[r][lang]}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <p class="muted">
            {roleNames[user.role][lang]} · {text.officeRole[lang]}
          </p>
        )}
        {inCampaign ? (
          <Field state={state} name="unitId" label={text.unit[lang]}>
            <Select state={state} name="unitId" value={values.unitId} blank={text.noUnit[lang]} options={choices.units} />
          </Field>
        ) : null}
        <label class="check">
          <input type="checkbox" name="disabled" value="1" checked={values.disabled === '1'} disabled={self} /> {text.disable[lang]}
        </label>
        <FieldError state={state} name="disabled" />
        <Field state={state} name="password" label={text.newPassword[lang]}>
          <input type="password" name="password" autocomplete="new-password" maxlength={200} {...invalid(state, 'password')} />
        </Field>
        <Field state={state} name="confirmPassword" label={text.confirmNewPassword[lang]}>
          <input type="password" name="confirmPassword" autocomplete="new-password" maxlength={200} data-same-as="password" {...invalid(state, 'confirmPassword')} />
        </Field>
        {inCampaign && choices.rounds.length ? <RoundChoices lang={lang} state={state} rounds={choices.rounds} chosen={chosenRounds} /> : null}
        <button type="submit" class="primary">
          {text.save[lang]}
        </button>
      </form>
    </ConsoleLayout>
  )
}

/** The rounds a clerk keys paper ballots for, as checkboxes (`roundIds`), with their campaigns where several are offered. */
function RoundChoices(props: { lang: Lang; state?: FormState; rounds: UserChoices['rounds']; chosen: Set<string>; showCampaign?: boolean }) {
  return (
    <fieldset class="choices">
      <legend>{text.rounds[props.lang]}</legend>
      {props.rounds.map((r) => (
        <label class="choice">
          <input type="checkbox" name="roundIds" value={r.id} checked={props.chosen.has(r.id)} />
          <span>
            {r.name}
            {props.showCampaign ? <small class="muted"> {r.campaign}</small> : null}
          </span>
        </label>
      ))}
      <FieldError state={props.state} name="roundIds" />
    </fieldset>
  )
}
