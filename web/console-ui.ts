// Console enhancements, on every console page; every page works without them. Each job only where
// its element is: a question before a step that cannot be undone (data-confirm), the import's
// progress bar (the confirm post streams NDJSON progress lines when asked), the live sum of
// category weights, the error summary of a refused post (focused; its links put the cursor in
// the field) and the browser's own field checks, said in the page's language, not the browser's,
// with one of its own: a password typed twice must match (data-same-as) before the form is sent.

interface ProgressLine {
  done?: number
  total?: number
  location?: string
  /** Written, but with warnings to check: said here, under the preview's warnings, before going on. */
  notice?: string
  next?: string
  error?: { message: string }
}

function importProgress(form: HTMLFormElement): void {
  const row = document.getElementById('import-progress-row')
  const bar = document.getElementById('import-progress') as HTMLProgressElement | null
  const out = document.getElementById('import-progress-text')
  if (!row || !bar || !out || typeof ReadableStream === 'undefined') return
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const button = form.querySelector('button')
    if (button) button.disabled = true
    row.hidden = false
    const show = (line: ProgressLine) => {
      if (line.total) bar.max = line.total
      if (line.done !== undefined) bar.value = line.done
      out.textContent = line.total ? `${line.done ?? 0} / ${line.total}` : ''
    }
    try {
      const res = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { accept: 'application/x-ndjson' }, credentials: 'same-origin' })
      const type = res.headers.get('content-type') ?? ''
      // Refused before writing (e.g. the units changed since the preview): the server's page says why.
      if (!res.body || !type.includes('ndjson')) {
        form.submit()
        return
      }
      const reader = res.body.getReader()
      const decoder = new TextDecoder()
      let buffered = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffered += decoder.decode(value, { stream: true })
        let newline = buffered.indexOf('\n')
        while (newline >= 0) {
          const line = JSON.parse(buffered.slice(0, newline)) as ProgressLine
          buffered = buffered.slice(newline + 1)
          show(line)
          if (line.error) {
            out.textContent = line.error.message
            out.className = 'alert'
            if (button) button.disabled = false
          }
          if (line.location && line.notice) {
            out.className = 'ok'
            out.textContent = `${line.notice} `
            const next = document.createElement('a')
            next.href = line.location
            next.textContent = line.next ?? ''
            out.append(next)
          } else if (line.location) window.location.assign(line.location)
          newline = buffered.indexOf('\n')
        }
      }
    } catch {
      // The import may or may not have been written: never post it twice; the units page tells.
      out.textContent = '…'
      window.location.assign(form.action.replace(/\/import$/, ''))
    }
  })
}

function weightSum(table: HTMLTableElement): void {
  const output = document.getElementById('weight-sum')
  const check = document.getElementById('weight-check')
  if (!output || !check) return
  const messages = JSON.parse(check.dataset.messages ?? '{}') as { ok: string; unused: string; bad: string }
  const update = () => {
    let cents = 0
    for (const row of Array.from(table.tBodies[0]?.rows ?? [])) {
      const name = row.querySelector<HTMLInputElement>('input[name^="name."]')
      const weight = row.querySelector<HTMLInputElement>('input.weight')
      if (name?.value.trim() && weight) cents += Math.round((Number(weight.value) || 0) * 100)
    }
    const sum = cents / 100
    output.textContent = `${sum}%`
    const ok = cents === 10000 || cents === 0
    check.textContent = cents === 10000 ? messages.ok : cents === 0 ? messages.unused : messages.bad.replace('{0}', String(sum))
    check.className = ok ? 'muted' : 'alert'
  }
  table.addEventListener('input', update)
}

// Steps that cannot be undone ask first: a button (or link) with data-confirm goes on only once confirmed.
document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest?.('button[data-confirm], a[data-confirm]')
  if (button && !window.confirm(button.getAttribute('data-confirm') ?? '')) event.preventDefault()
  // the printable pages' print button (the slips: their codes show only once)
  if ((event.target as Element | null)?.closest?.('button[data-print]')) window.print()
})

/**
 * A refused post's error summary takes the focus (autofocus is not honoured everywhere on a
 * non-field); a link to a field's error puts the cursor in the field that error describes.
 */
function errorSummary(summary: HTMLElement): void {
  if (document.activeElement === document.body || document.activeElement === null) summary.focus()
  summary.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href^="#"]')
    const id = link?.getAttribute('href')?.slice(1)
    if (!id) return
    const field = document.querySelector<HTMLElement>(`[aria-describedby~="${CSS.escape(id)}"]`) ?? document.getElementById(id)?.closest('label, fieldset, td')?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea')
    if (!field) return
    event.preventDefault()
    field.focus()
    field.scrollIntoView({ block: 'center' })
  })
}

type Validity = 'mismatch' | 'valueMissing' | 'valueMissingChoice' | 'patternMismatch' | 'typeMismatch' | 'tooLong' | 'tooShort' | 'rangeUnderflow' | 'rangeOverflow' | 'stepMismatch' | 'badInput'

/** A field's label as the page shows it: its aria-label, its label's words, or its group's legend. */
function labelOf(field: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string {
  const own = field.getAttribute('aria-label')
  if (own) return own
  const label = field.closest('label')
  const words = label?.querySelector(':scope > span')?.textContent ?? field.labels?.[0]?.textContent ?? field.closest('fieldset')?.querySelector('legend')?.textContent
  return (words ?? '').trim()
}

/** True when a field with data-same-as (a password typed again) differs from the field of that name in its form. */
function differs(field: Element): boolean {
  const name = field.getAttribute('data-same-as')
  const first = name && field instanceof HTMLInputElement ? field.form?.elements.namedItem(name) : null
  return first instanceof HTMLInputElement && first.value !== (field as HTMLInputElement).value
}

/**
 * The browser checks `required`, `pattern`, `min`… before a form is sent, and says what is
 * wrong in the browser's language: say it in the page's instead (words from the server, in
 * #console-words). A password typed twice is checked the same way (the server checks it too).
 */
function pageLanguageChecks(words: Record<Validity, string>): void {
  document.addEventListener(
    'invalid',
    (event) => {
      const field = event.target
      if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement)) return
      field.setCustomValidity('')
      const v = field.validity
      if (v.valid) {
        if (differs(field)) field.setCustomValidity(words.mismatch)
        return
      }
      const choice = field instanceof HTMLSelectElement || (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio'))
      const [key, arg]: [Validity, string] = v.valueMissing
        ? [choice ? 'valueMissingChoice' : 'valueMissing', '']
        : v.patternMismatch
          ? ['patternMismatch', labelOf(field)]
          : v.typeMismatch
            ? ['typeMismatch', '']
            : v.tooLong
              ? ['tooLong', field.getAttribute('maxlength') ?? '']
              : v.tooShort
                ? ['tooShort', field.getAttribute('minlength') ?? '']
                : v.rangeUnderflow
                  ? ['rangeUnderflow', field.getAttribute('min') ?? '']
                  : v.rangeOverflow
                    ? ['rangeOverflow', field.getAttribute('max') ?? '']
                    : v.stepMismatch
                      ? ['stepMismatch', '']
                      : ['badInput', '']
      field.setCustomValidity(words[key].replace('{0}', arg))
    },
    true,
  )
  // Typing clears the message, so the browser checks the new value afresh; a password typed
  // twice is marked invalid while the two differ, so the form is not sent.
  const clear = (event: Event) => {
    const field = event.target
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement) field.setCustomValidity('')
    for (const twice of Array.from(field instanceof HTMLInputElement ? (field.form?.querySelectorAll<HTMLInputElement>('input[data-same-as]') ?? []) : [])) {
      twice.setCustomValidity(differs(twice) ? words.mismatch : '')
    }
  }
  document.addEventListener('input', clear, true)
  document.addEventListener('change', clear, true)
}

const words = document.getElementById('console-words')
if (words) pageLanguageChecks(JSON.parse(words.textContent ?? '{}') as Record<Validity, string>)
const summary = document.getElementById('error-summary')
if (summary) errorSummary(summary)
const confirmForm = document.getElementById('import-confirm')
if (confirmForm instanceof HTMLFormElement) importProgress(confirmForm)
const categories = document.getElementById('category-table')
if (categories instanceof HTMLTableElement) weightSum(categories)
export {}
