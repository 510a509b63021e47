import type { State } from './state'

export interface GridData {
  units: { id: string; name: string }[]
  dims: { id: string; label: string }[]
  levels: { id: number; label: string }[]
}

/**
 * The units × dimensions grid for delegates who rate many units: one native select per cell
 * (a large tap target that opens the phone's picker), the unit's status at the row's end.
 * Returns `update`, which brings values, locks and statuses in line with the state.
 */
export function buildGrid(
  box: HTMLElement,
  data: GridData,
  state: () => State,
  statusText: (unit: string) => [string, string],
  locked: (unit: string) => boolean,
  onAnswer: (unit: string, dim: string, level: number | null) => void,
) {
  const doc = document
  const legend = doc.createElement('ol')
  legend.className = 'dims-legend small'
  for (const d of data.dims) legend.appendChild(doc.createElement('li')).textContent = d.label
  const wrap = doc.createElement('div')
  wrap.className = 'table-wrap'
  const table = wrap.appendChild(doc.createElement('table'))
  table.className = 'grid'
  const head = table.appendChild(doc.createElement('thead')).insertRow()
  head.appendChild(doc.createElement('th')).textContent = ''
  data.dims.forEach((d, i) => {
    const th = head.appendChild(doc.createElement('th'))
    th.textContent = String(i + 1)
    th.title = d.label
  })
  head.appendChild(doc.createElement('th'))
  const body = table.appendChild(doc.createElement('tbody'))
  const rows = data.units.map((u) => {
    const tr = body.insertRow()
    tr.dataset.unit = u.id
    const name = tr.appendChild(doc.createElement('th'))
    name.scope = 'row'
    name.textContent = u.name
    const selects = data.dims.map((d, i) => {
      const select = tr.insertCell().appendChild(doc.createElement('select'))
      select.setAttribute('aria-label', `${u.name} · ${i + 1}. ${d.label}`)
      select.dataset.dim = d.id
      select.add(new Option('—', ''))
      for (const l of data.levels) select.add(new Option(l.label, String(l.id)))
      select.addEventListener('change', () => onAnswer(u.id, d.id, select.value ? Number(select.value) : null))
      return select
    })
    const chip = tr.insertCell().appendChild(doc.createElement('span'))
    return { id: u.id, selects, chip }
  })
  box.textContent = ''
  box.append(legend, wrap)

  return function update() {
    const answers = state().a
    for (const row of rows) {
      const lock = locked(row.id)
      row.selects.forEach((select) => {
        const level = answers[row.id]?.[select.dataset.dim!]
        select.value = level === undefined ? '' : String(level)
        select.disabled = lock
      })
      const [text, kind] = statusText(row.id)
      row.chip.textContent = text
      row.chip.className = `chip ${kind}`
    }
  }
}
