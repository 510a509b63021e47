// The phone form with JavaScript: one unit after another or a units × dimensions grid,
// answers kept on the device and resumed after a reload, ballots queued in localStorage and
// sent when the network allows, each unit's status in plain words. Without JavaScript the
// same server-rendered form posts one unit at a time.
import { buildGrid } from './evaluate/grid'
import { sender } from './evaluate/send'
import { loadState, newSubmissionId, saveState, type State, stateKey } from './evaluate/state'

interface Data {
  round: string
  codes: boolean
  public: boolean
  units: { id: string; name: string }[]
  dims: { id: string; label: string }[]
  levels: { id: number; label: string }[]
  opinion: boolean
  t: Record<string, string>
}

const SENT = ['queued', 'counted', 'invalid', 'used']
const form = document.getElementById('ballot-form') as HTMLFormElement | null
const dataEl = document.getElementById('ev-data')
if (form && dataEl) start(form, JSON.parse(dataEl.textContent || '{}') as Data)

function normalize(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}

function start(form: HTMLFormElement, data: Data) {
  const byId = (id: string) => document.getElementById(id)
  const T = (k: string, vars: Record<string, string | number> = {}) => (data.t[k] ?? k).replace(/\{(\w)\}/g, (_, v: string) => String(vars[v] ?? ''))
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = '') => {
    const node = document.createElement(tag)
    for (const name of Object.keys(attrs)) node.setAttribute(name, attrs[name]!)
    node.textContent = text
    return node
  }
  const show = (node: HTMLElement | null, on: boolean) => node && (node.hidden = !on)
  const codeField = byId('f-code')
  const unitField = byId('f-unit')!
  const catField = byId('f-cat')
  const dims = byId('dims')!
  const send = byId('send') as HTMLButtonElement
  const statusLine = byId('status')!
  const unitSelect = form.elements.namedItem('unitId') as HTMLSelectElement
  const catSelect = form.elements.namedItem('categoryId') as HTMLSelectElement | null
  const codeInput = form.elements.namedItem('code') as HTMLInputElement | null
  const opinion = form.elements.namedItem('opinion') as HTMLTextAreaElement | null

  // Controls only the script needs, around the server-rendered fields.
  const codeButton = make('button', { type: 'button', class: 'secondary' }, T('useCode'))
  // the button and a refusal sit beside the field, outside its label (whose name is the field's alone)
  const codeBox = make('div', { id: 'code-box' })
  const codeError = make('p', { id: 'code-error', class: 'alert', role: 'alert' })
  codeError.hidden = true
  if (codeField) {
    codeField.before(codeBox)
    codeBox.append(codeField, codeError, codeButton)
    codeInput?.setAttribute('aria-describedby', 'code-error')
    codeInput?.addEventListener('input', () => refuseCode(''))
  }
  const codeInfo = make('p', { id: 'code-info', class: 'code-info' })
  const changeCode = make('button', { type: 'button', class: 'link' }, T('changeCode'))
  const codeText = make('span')
  codeInfo.append(codeText, changeCode)
  const bar = make('div', { id: 'bar', class: 'bar' })
  const progress = make('p', { id: 'progress', class: 'progress', 'aria-live': 'polite' })
  const meter = make('progress', { max: '1', value: '0' }) as HTMLProgressElement
  const modes = make('div', { class: 'modes', role: 'group' })
  const modeButtons = (['one', 'grid'] as const).map((m) => {
    const b = modes.appendChild(make('button', { type: 'button', 'data-mode': m }, T(m)))
    b.addEventListener('click', () => {
      state.mode = m
      save()
    })
    return b
  })
  bar.append(progress, meter, modes)
  const nav = make('div', { class: 'nav' })
  const prev = make('button', { type: 'button', class: 'secondary' }, T('prev'))
  const unitOf = make('span', { class: 'muted small' })
  const next = make('button', { type: 'button', class: 'secondary' }, T('next'))
  nav.append(prev, unitOf, next)
  const unitState = make('p', { id: 'unit-state', class: 'chip' })
  unitField.after(nav, unitState)
  form.insertBefore(codeInfo, form.firstChild)
  codeInfo.after(bar)
  const grid = make('div', { id: 'grid' })
  const gridSend = make('button', { type: 'button', class: 'primary', id: 'grid-send' })
  const list = make('ul', { id: 'ulist', class: 'ulist' })
  send.before(grid, gridSend)
  statusLine.after(list)
  const offline = make('p', { class: 'notice', id: 'offline' }, T('offline'))
  form.insertBefore(offline, bar.nextSibling)

  let code = ''
  let state: State = loadState(stateKey(data.round, ''))
  let updateGrid: (() => void) | null = null
  // the units the status line speaks of, so a later send (the network back) updates it
  let reported: string[] = []
  const flush = sender(data.round, () => state, () => {
    if (reported.length) report(reported)
    save()
  })

  function save() {
    saveState(stateKey(data.round, code), state)
    render()
  }
  const units = () => (state.units ? data.units.filter((u) => state.units!.includes(u.id)) : data.units)
  const sent = (u: string) => SENT.includes(state.st[u]?.s ?? '')
  const complete = (u: string) => data.dims.every((d) => state.a[u]?.[d.id] !== undefined)
  function statusText(u: string): [string, string] {
    const e = state.st[u]
    if (e) return [e.m ? `${T(e.s)}${T('colon')}${e.m}` : T(e.s), `s-${e.s}`]
    return Object.keys(state.a[u] ?? {}).length ? [T('partial'), 's-partial'] : [T('todo'), 's-todo']
  }
  const ready = () => !data.codes || code !== '' || data.public

  function useCode(raw: string) {
    code = normalize(raw)
    refuseCode('')
    state = loadState(stateKey(data.round, code))
    updateGrid = null
    history.replaceState(null, '', code ? `#c=${code}` : location.pathname + location.search)
    if (codeInput) codeInput.value = code ? `${code.slice(0, 5)}-${code.slice(5)}` : ''
    // a prompt or report left from before (请输入评议条上的评议码。) is stale with another code
    say('', '')
    render()
    void check()
    void flush()
  }

  async function check() {
    if (!code) return
    let res: Response
    try {
      res = await fetch(`/api/rounds/${data.round}/codes/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ code }),
      })
    } catch {
      return // offline: the units the server gave last time, or every unit
    }
    const reply = await res.json().catch(() => null)
    if (res.ok && reply) {
      state.units = reply.units.map((u: { id: string }) => u.id)
      state.kind = reply.category.name
      // used on the server but unknown here: rated before on another device
      for (const u of reply.units as { id: string; used: boolean }[]) if (u.used && !state.st[u.id]) state.st[u.id] = { s: 'used' }
      save()
    } else {
      const message = (reply && reply.error && reply.error.message) || String(res.status)
      if (res.status !== 403) return say(message, 'alert')
      // a wrong code: said at the field, the typing kept to mend, the cursor back in it
      const typed = codeInput?.value ?? ''
      useCode('')
      if (codeInput) codeInput.value = typed
      refuseCode(message)
      codeInput?.focus()
    }
  }

  function refuseCode(message: string) {
    codeError.textContent = message
    codeError.hidden = !message
    if (message) codeInput?.setAttribute('aria-invalid', 'true')
    else codeInput?.removeAttribute('aria-invalid')
  }

  function say(text: string, kind: string) {
    reported = []
    statusLine.textContent = text
    statusLine.className = kind
  }

  function go(u: string | undefined) {
    state.u = u
    save()
  }

  function nextUnsent(from: string | undefined): string | undefined {
    const list = units()
    const at = list.findIndex((u) => u.id === from)
    for (let i = 1; i <= list.length; i++) {
      const u = list[(at + i + list.length) % list.length]!
      if (!sent(u.id)) return u.id
    }
    return undefined
  }

  function enqueue(u: string) {
    const answers = state.a[u] ?? {}
    const text = (state.o[u] ?? '').trim()
    state.st[u] = {
      s: 'queued',
      body: {
        submissionId: newSubmissionId(),
        ...(code ? { code } : { categoryId: state.cat }),
        unitId: u,
        answers,
        ...(text ? { opinion: text } : {}),
      },
    }
  }

  function render() {
    const on = ready()
    const grid_ = state.mode === 'grid'
    const list_ = units()
    show(codeBox, !code)
    show(codeInfo, code !== '')
    codeText.textContent = T('codeIs', { c: `${code.slice(0, 5)}-${code.slice(5)}`, k: state.kind ?? '' })
    show(catField, on && !code)
    show(bar, on)
    show(offline, !navigator.onLine && Object.keys(state.st).some((u) => state.st[u]!.s === 'queued'))
    for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === state.mode))
    const done = list_.filter((u) => sent(u.id)).length
    progress.textContent = T('progress', { n: done, N: list_.length })
    meter.max = list_.length || 1
    meter.value = done
    for (const node of [unitField, nav, unitState, dims, send]) show(node, on && !grid_)
    show(grid, on && grid_)
    show(gridSend, on && grid_)
    show(list, on && !grid_)

    // the unit navigator: the units this code may rate, each with its status
    if (!state.u || !list_.some((u) => u.id === state.u)) state.u = nextUnsent(undefined) ?? list_[0]?.id
    unitSelect.textContent = ''
    for (const u of list_) {
      const e = state.st[u.id]
      unitSelect.add(new Option(e ? `${u.name} · ${T(e.s)}` : u.name, u.id, false, u.id === state.u))
    }
    const u = state.u ?? ''
    const at = list_.findIndex((x) => x.id === u)
    unitOf.textContent = T('unitOf', { i: at + 1, N: list_.length })
    prev.disabled = at <= 0
    next.disabled = at >= list_.length - 1
    const lock = sent(u)
    const [text, kind] = statusText(u)
    unitState.textContent = text
    unitState.className = `chip ${kind}`
    for (const fs of Array.from(dims.querySelectorAll('fieldset'))) {
      fs.disabled = lock
      for (const radio of Array.from(fs.querySelectorAll('input'))) radio.checked = state.a[u]?.[radio.name.slice(1)] === Number(radio.value)
    }
    if (opinion) {
      opinion.value = state.o[u] ?? ''
      opinion.disabled = lock
    }
    send.disabled = lock
    if (catSelect && state.cat) catSelect.value = state.cat

    list.textContent = ''
    for (const x of list_) {
      const li = list.appendChild(make('li', { 'data-unit': x.id }))
      const b = li.appendChild(make('button', { type: 'button', class: 'link' }, x.name))
      b.addEventListener('click', () => go(x.id))
      const [t2, k2] = statusText(x.id)
      li.appendChild(make('span', { class: `chip ${k2}` }, t2))
    }

    if (on && grid_) {
      if (!updateGrid) updateGrid = buildGrid(grid, { ...data, units: list_ }, () => state, statusText, sent, answer, note)
      updateGrid()
    } else updateGrid = null
    const ready_ = list_.filter((x) => !sent(x.id) && complete(x.id)).length
    gridSend.textContent = T('submitGrid', { n: ready_ })
    if (list_.length > 0 && list_.every((x) => ['counted', 'invalid', 'used'].includes(state.st[x.id]?.s ?? '')))
      // A code spent before (on another phone, or earlier) is not thanked for ballots not sent here.
      say(T(list_.every((x) => state.st[x.id]?.s === 'used') ? 'codeSpent' : 'allDone'), 'ok')
  }

  function answer(u: string, dim: string, level: number | null) {
    const answers = (state.a[u] = state.a[u] ?? {})
    if (level === null) delete answers[dim]
    else answers[dim] = level
    if (state.st[u]?.s === 'error') delete state.st[u]
    save()
  }

  /** Keeps a unit's opinion as it is typed, without redrawing the form under the caret. */
  function note(u: string, text: string) {
    state.o[u] = text
    saveState(stateKey(data.round, code), state)
  }

  function submitUnits(list_: string[]) {
    for (const u of list_) enqueue(u)
    save()
    say(navigator.onLine ? T('sending') : T('offline'), '')
    void flush().then(() => {
      report(list_)
      render()
    })
  }

  /** Says where these units' ballots stand (单位：已计入；…), and keeps saying it as that changes. */
  function report(list_: string[]) {
    const name = (u: string) => data.units.find((x) => x.id === u)?.name ?? ''
    const kinds = list_.map((u) => statusText(u)[1])
    say(list_.map((u) => `${name(u)}${T('colon')}${statusText(u)[0]}`).join(T('separator')), kinds.includes('s-error') ? 'alert' : kinds.includes('s-queued') ? '' : 'ok')
    if (list_.some((u) => state.st[u]?.s === 'queued')) reported = list_
  }

  dims.addEventListener('change', (event) => {
    // radios are named d<dimension id>, as the no-JavaScript post needs them
    const input = event.target as HTMLInputElement
    if (input.type === 'radio' && state.u) answer(state.u, input.name.slice(1), Number(input.value))
  })
  opinion?.addEventListener('input', () => state.u && note(state.u, opinion.value))
  unitSelect.addEventListener('change', () => go(unitSelect.value || undefined))
  catSelect?.addEventListener('change', () => {
    state.cat = catSelect.value || undefined
    save()
  })
  prev.addEventListener('click', () => go(units()[units().findIndex((u) => u.id === state.u) - 1]?.id ?? state.u))
  next.addEventListener('click', () => go(units()[units().findIndex((u) => u.id === state.u) + 1]?.id ?? state.u))
  codeButton.addEventListener('click', () => {
    if (codeInput && normalize(codeInput.value)) return useCode(codeInput.value)
    say(T('enterCode'), 'alert')
    codeInput?.focus()
  })
  codeInput?.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      codeButton.click()
    }
  })
  changeCode.addEventListener('click', () => useCode(''))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const u = state.u
    if (!u || sent(u)) return
    if (!complete(u)) return say(T('incomplete'), 'alert')
    submitUnits([u])
    state.u = nextUnsent(u) ?? u
    save()
    window.scrollTo(0, 0)
    // the cursor follows the view to the next unit (it stayed on the submit button, a screen below)
    unitSelect.focus({ preventScroll: true })
  })
  gridSend.addEventListener('click', () => {
    const todo = units().filter((x) => !sent(x.id) && complete(x.id)).map((x) => x.id)
    if (todo.length === 0) return say(T('nothing'), 'alert')
    submitUnits(todo)
  })
  window.addEventListener('online', render)
  window.addEventListener('offline', render)

  // the language switch keeps the code: the fragment rides on through /lang's redirect, never to the server
  document.querySelector<HTMLAnchorElement>('.lang-switch a')?.addEventListener('click', (event) => {
    ;(event.currentTarget as HTMLAnchorElement).hash = location.hash
  })
  const fromLink = /(?:^#|&)c=([^&]+)/.exec(location.hash)
  useCode(fromLink ? decodeURIComponent(fromLink[1]!) : '')
}
