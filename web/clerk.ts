// The clerk's keyboard entry screen for paper slips (server/paper/entry-page.tsx). Without this
// script the page is a plain form, one slip per post. With it, a slip is keyed with keys only:
// a digit picks the evaluator category, then one key per cell (1–n a level, 0 the abstain level,
// Space blank) moving on by itself through units × dimensions; Backspace (or Ctrl+Z) undoes the
// last cell, also back into the slip before; Enter leaves the rest blank and saves (on a slip not
// begun it asks first, and a second Enter saves it blank, with no category); X marks the slip
// spoiled (no category needed). Each finished slip is saved at once with PUT …/sheets/<n>
// (re-saving a slip is a correction), so nothing typed is lost on a reload.
// Keys key the slip only in the keying area: the page itself, a category or a cell. A focused
// link, button or other field keeps its own keys, and a focused cell is the cell being keyed.

import type { ClerkWords } from '../server/paper/text'

interface Level {
  id: number
  label: string
  key: string
}
interface Sheet {
  categoryId: string
  spoiled: boolean
  cells: Record<string, Record<string, number>>
}
interface EntryData {
  api: string
  words: ClerkWords
  categories: { id: string; name: string }[]
  units: { id: string; name: string }[]
  dimensions: { id: number; label: string }[]
  levels: Level[]
  sheets: Sheet[]
  /** Set for a third keying: the slips in dispute, keyed by number. */
  disputed: number[] | null
}

/** Keys that only change another key: they leave the slip and any question alone. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock'])

function start() {
  const form = document.getElementById('entry') as HTMLFormElement | null
  const dataEl = document.getElementById('entry-data')
  if (!form || !dataEl) return
  const data = JSON.parse(dataEl.textContent ?? '{}') as EntryData
  const say = (key: keyof ClerkWords, values: Record<string, string | number> = {}) => data.words[key].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))
  const csrf = (form.querySelector('input[name=_csrf]') as HTMLInputElement).value
  const status = document.getElementById('entry-status')!
  const title = document.getElementById('sheet-title')!
  const sheetField = form.querySelector('input[name=sheet]') as HTMLInputElement
  const spoiledBox = form.querySelector('input[name=spoiled]') as HTMLInputElement
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[name=categoryId]')]
  const cells = data.units.flatMap((u) => data.dimensions.map((d) => ({ unit: u, dim: d, select: form.querySelector(`select[name="c.${u.id}.${d.id}"]`) as HTMLSelectElement })))
  const byKey = new Map(data.levels.map((l) => [l.key, l.id]))

  const saved: Sheet[] = [...data.sheets]
  // A third keying types the slip number into the form (only disputed slips are keyed).
  const third = sheetField.type === 'number'
  let n = third ? Number(sheetField.value) : saved.length + 1
  /** -1: choosing the category; 0 … cells.length-1: the cell to key next. */
  let pos = -1
  let busy = false
  /** Set while the status asks whether an untouched slip is a blank one: the next Enter saves it. */
  let askBlank = false
  const cellAt = (el: EventTarget | null) => cells.findIndex((c) => c.select === el)
  const isRadio = (el: EventTarget | null) => radios.some((r) => r === el)

  /** Where keys key the slip: the page itself (nothing focused), a category or a cell. */
  function keying(target: EventTarget | null): boolean {
    return target === document.body || target === document.documentElement || isRadio(target) || cellAt(target) !== -1
  }

  function clear() {
    radios.forEach((r) => (r.checked = false))
    spoiledBox.checked = false
    cells.forEach((c) => (c.select.value = ''))
    pos = -1
  }

  function load(sheet: Sheet) {
    radios.forEach((r) => (r.checked = r.value === sheet.categoryId))
    spoiledBox.checked = sheet.spoiled
    cells.forEach((c) => (c.select.value = String(sheet.cells[c.unit.id]?.[String(c.dim.id)] ?? '')))
  }

  function current(): Sheet {
    const sheet: Sheet = { categoryId: radios.find((r) => r.checked)?.value ?? '', spoiled: spoiledBox.checked, cells: {} }
    for (const c of cells) if (c.select.value !== '') (sheet.cells[c.unit.id] ??= {})[String(c.dim.id)] = Number(c.select.value)
    return sheet
  }

  /** When focus is on a category or a cell, moves it to where the cursor is, so the two never part. */
  function follow() {
    const active = document.activeElement
    if (!isRadio(active) && cellAt(active) === -1) return
    const want = pos === -1 ? (isRadio(active) ? active : (radios.find((r) => r.checked) ?? radios[0])) : cells[pos]?.select
    if (want && want !== active) (want as HTMLElement).focus()
  }

  function render(message?: string) {
    askBlank = false
    if (third) n = Number(sheetField.value) || n
    else sheetField.value = String(n)
    title.textContent = say('slip', { n }) + (spoiledBox.checked ? ` · ${say('spoiled')}` : '')
    cells.forEach((c, i) => c.select.closest('td')!.classList.toggle('cur', i === pos))
    form!.querySelector('fieldset.cats')!.classList.toggle('cur', pos === -1)
    const cell = cells[pos]
    status.textContent = message ?? (pos === -1 ? say('category') : cell ? say('cell', { unit: cell.unit.name, dim: cell.dim.label }) : '')
    follow()
  }

  /** Saves the slip; one not begun (no category, no cell, not spoiled) only when asked twice, so a stray Enter keys no blank slip. */
  function requestSave() {
    if (busy) return
    const sheet = current()
    if (askBlank || sheet.categoryId !== '' || sheet.spoiled || Object.keys(sheet.cells).length > 0) return void save()
    render(say('askBlank'))
    askBlank = true
  }

  async function save() {
    const sheet = current()
    if (busy) return
    busy = true
    const number = third ? Number(sheetField.value) : n
    render(say('saving', { n: number }))
    try {
      const res = await fetch(`${data.api}/sheets/${number}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(sheet), credentials: 'same-origin' })
      const body = await res.json().catch(() => null)
      if (!res.ok) throw new Error(body?.error?.message ?? String(res.status))
      if (third) {
        const later = (data.disputed ?? []).find((d) => d > number)
        clear()
        if (later) sheetField.value = String(later)
      } else {
        saved[number - 1] = sheet
        n = Math.max(n, number + 1)
        if (n <= saved.length) load(saved[n - 1]!)
        else clear()
      }
      pos = -1
      // A third keying saves only the disputed slips: there is no running total to tell.
      render(third ? say('savedOne', { n: number }) : say('saved', { n: number, total: saved.length }))
    } catch (error) {
      pos = cells.length - 1
      render(say('failed', { n: number, why: error instanceof Error ? error.message : String(error) }))
    } finally {
      busy = false
    }
  }

  function undo() {
    if (pos > 0) {
      pos--
      cells[pos]!.select.value = ''
    } else if (pos === 0) {
      pos = -1
      radios.forEach((r) => (r.checked = false))
    } else if (!third && n > 1 && current().categoryId === '' && saved[n - 2]) {
      // Back into the slip before: it is saved again (a correction) when finished.
      n--
      load(saved[n - 1]!)
      pos = cells.length - 1
      cells[pos]!.select.value = ''
    }
    render()
  }

  document.addEventListener('keydown', (event) => {
    const target = event.target
    if (target === sheetField) {
      // Enter in the slip-number box goes on to the slip itself.
      if (event.key === 'Enter' && !busy) (event.preventDefault(), sheetField.blur(), render())
      return
    }
    if (!keying(target) || event.altKey || event.metaKey || MODIFIERS.has(event.key)) return
    if (busy) {
      // A focused cell's own keys (type-ahead, Space opening its list) would change the slip being saved.
      if (cellAt(target) !== -1 && event.key !== 'Tab') event.preventDefault()
      return
    }
    if (event.key === 'Enter' && !event.ctrlKey) return (event.preventDefault(), requestSave())
    // Any other key drops the question whether the slip is blank.
    if (askBlank) render()
    if (event.ctrlKey) {
      if (event.key === 'z') (event.preventDefault(), undo())
      return
    }
    if (event.key === 'Backspace') return (event.preventDefault(), undo())
    if (event.key === 'x' || event.key === 'X') return (event.preventDefault(), (spoiledBox.checked = !spoiledBox.checked), render())
    if (pos === -1) {
      // Other keys (Space, arrows) on a focused category are the radio's own.
      if (!/^[0-9]$/.test(event.key)) return
      event.preventDefault()
      const radio = radios[Number(event.key) - 1]
      if (!radio) return render(say('noCategory', { n: event.key }))
      radio.checked = true
      pos = 0
      render()
      return
    }
    const level = event.key === ' ' ? '' : byKey.get(event.key)
    if (level === undefined && event.key !== '0') return
    event.preventDefault()
    cells[pos]!.select.value = level === undefined ? '' : String(level)
    pos++
    if (pos >= cells.length) void save()
    else render()
  })
  // Focusing a cell (Tab, a click) or a category moves the cursor there.
  form.addEventListener('focusin', (event) => {
    const radio = isRadio(event.target)
    const at = radio ? -1 : cellAt(event.target)
    if (busy || (!radio && at === -1) || at === pos) return
    pos = at
    render()
  })
  spoiledBox.addEventListener('change', () => render())
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    requestSave()
  })
  // Blank and spoiled slips have no category: the save button must not stop at the radios' `required`.
  form.noValidate = true
  form.classList.add('keyboard')
  if (n <= saved.length) load(saved[n - 1]!)
  render()
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
else start()
