// Console enhancements, on every console page; every page works without them. Each job only where
// its element is: a question before a step that cannot be undone (data-confirm), the import's
// progress bar (the confirm post streams NDJSON progress lines when asked) and the live sum of
// category weights.

interface ProgressLine {
  done?: number
  total?: number
  location?: string
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
          if (line.location) window.location.assign(line.location)
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

const confirmForm = document.getElementById('import-confirm')
if (confirmForm instanceof HTMLFormElement) importProgress(confirmForm)
const categories = document.getElementById('category-table')
if (categories instanceof HTMLTableElement) weightSum(categories)
export {}
