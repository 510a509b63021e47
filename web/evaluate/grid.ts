import type { State } from './state'

export interface GridData {
  units: { id: string; name: string }[]
  dims: { id: string; label: string }[]
  levels: { id: number; label: string }[]
  /** The form has an opinion box: each row gets a 写意见 toggle opening a textarea under it. */
  opinion: boolean
  t: Record<string, string>
}

/**
 * The units × dimensions grid for delegates who rate many units. Each cell is a native select
 * (it opens the phone's picker) laid invisibly over the chosen level's words, which may wrap
 * onto two lines: five dimensions fit a 360 px phone without scrolling sideways. The unit's
 * status sits under its name in the sticky first column. Returns `update`, which brings values,
 * opinions, locks and statuses in line with the state.
 */
export function buildGrid(
  box: HTMLElement,
  data: GridData,
  state: () => State,
  statusText: (unit: string) => [string, string],
  locked: (unit: string) => boolean,
  onAnswer: (unit: string, dim: string, level: number | null) => void,
  onOpinion: (unit: string, text: string) => void,
) {
  const make = <K extends keyof HTMLElementTagNameMap>(parent: Node, tag: K, className = '') => {
    const node = parent.appendChild(document.createElement(tag))
    if (className) node.className = className
    return node
  }
  box.textContent = ''
  const legend = make(box, 'ol', 'dims-legend small')
  for (const d of data.dims) make(legend, 'li').textContent = d.label
  const table = make(make(box, 'div', 'table-wrap'), 'table', 'grid')
  const head = make(table, 'thead').insertRow()
  make(head, 'th')
  data.dims.forEach((d, i) => {
    const th = make(head, 'th')
    th.textContent = String(i + 1)
    th.title = d.label
  })
  const body = make(table, 'tbody')
  // each row is built with the function that brings it up to date
  const rows = data.units.map((u) => {
    const tr = body.insertRow()
    tr.dataset.unit = u.id
    const name = make(tr, 'th')
    name.scope = 'row'
    name.textContent = u.name
    const meta = make(name, 'div')
    const chip = make(meta, 'span')
    const cells = data.dims.map((d, i) => {
      const pick = make(tr.insertCell(), 'span')
      const shown = make(pick, 'span')
      shown.setAttribute('aria-hidden', 'true')
      const select = make(pick, 'select')
      select.setAttribute('aria-label', `${u.name} · ${i + 1}. ${d.label}`)
      select.add(new Option('—', ''))
      for (const l of data.levels) select.add(new Option(l.label, String(l.id)))
      select.addEventListener('change', () => onAnswer(u.id, d.id, select.value ? Number(select.value) : null))
      return (level: number | undefined, lock: boolean) => {
        select.value = level === undefined ? '' : String(level)
        select.disabled = lock
        shown.textContent = select.options[select.selectedIndex]!.text
        pick.className = level === undefined ? 'pick' : 'pick set'
      }
    })
    let note: ((lock: boolean) => void) | undefined
    if (data.opinion) {
      const toggle = make(meta, 'button', 'link')
      toggle.type = 'button'
      toggle.textContent = data.t.comment!
      const extra = body.insertRow()
      extra.className = 'op'
      const cell = extra.insertCell()
      cell.colSpan = data.dims.length + 1
      const area = make(cell, 'textarea')
      area.maxLength = 2000
      area.rows = 3
      area.placeholder = data.t.opinion!
      area.setAttribute('aria-label', `${u.name} · ${data.t.opinion}`)
      area.addEventListener('input', () => onOpinion(u.id, area.value))
      const open = (on: boolean) => {
        extra.hidden = !on
        toggle.setAttribute('aria-expanded', String(on))
      }
      toggle.addEventListener('click', () => {
        open(extra.hidden)
        if (!extra.hidden) area.focus()
      })
      // words already written (before a reload, or in the one-unit form) show at once
      open(!!state().o[u.id])
      note = (lock) => {
        const words = state().o[u.id] ?? ''
        // assigning the same words again would move the caret on some browsers
        if (area.value !== words) area.value = words
        area.disabled = lock
        toggle.hidden = lock && !words
        if (toggle.hidden) open(false)
      }
    }
    return () => {
      const lock = locked(u.id)
      tr.className = lock ? 'sent' : ''
      cells.forEach((set, i) => set(state().a[u.id]?.[data.dims[i]!.id], lock))
      const [text, kind] = statusText(u.id)
      chip.textContent = text
      chip.className = `chip ${kind}`
      note?.(lock)
    }
  })

  return function update() {
    for (const row of rows) row()
  }
}
