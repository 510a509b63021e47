// Opinions console: "select this page", and bulk actions sent as one JSON request whose NDJSON
// answer reports progress ({done,total} lines, then the result or an error), then opens the list
// with the outcome in its address. Without this script the same form posts to the console, which
// redirects to that same address (Post/Redirect/Get).
const form = document.querySelector<HTMLFormElement>('form.bulk-form')

// The outcome of the last action rides in the address (?done=…, ?imported=…) for its notice to be
// shown once: take it out of the address, so a reload or a bookmark does not say it again.
const NOTICE_KEYS = ['done', 'n', 'merged', 'imported']
const here = new URL(location.href)
if (NOTICE_KEYS.some((key) => here.searchParams.has(key))) {
  for (const key of NOTICE_KEYS) here.searchParams.delete(key)
  history.replaceState(history.state, '', here.pathname + here.search + here.hash)
}
const selectAll = document.querySelector<HTMLInputElement>('input.select-all')

selectAll?.addEventListener('change', () => {
  for (const box of document.querySelectorAll<HTMLInputElement>('input[name=ids]')) box.checked = selectAll.checked
})

interface Line {
  done?: number
  total?: number
  result?: { action: string; changed: number; mergedId?: string }
  error?: { code: string; message: string; issues?: { path: string; message?: string }[] }
}

/** The list again with the outcome as the console's post would redirect to it, so the notice stays after a reload. */
function doneAddress(result: NonNullable<Line['result']>): string {
  const url = new URL(location.href)
  for (const key of NOTICE_KEYS) url.searchParams.delete(key)
  url.searchParams.set('done', result.action)
  url.searchParams.set('n', String(result.changed))
  if (result.mergedId) url.searchParams.set('merged', result.mergedId)
  return url.toString()
}

function filterOf(): Record<string, string> {
  const node = document.getElementById('bulk-filter')
  return node ? (JSON.parse(node.textContent ?? '{}') as Record<string, string>) : {}
}

form?.addEventListener('submit', async (event) => {
  event.preventDefault()
  const data = new FormData(form)
  const text = (key: string) => String(data.get(key) ?? '')
  const action = text('action')
  const status = form.querySelector<HTMLElement>('.bulk-status')!
  const bar = form.querySelector<HTMLProgressElement>('.bulk-progress')!
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const body: Record<string, unknown> = { action }
  if (data.get('allMatching') === 'on') body.filter = filterOf()
  else body.ids = data.getAll('ids').map(String)
  if (action === 'classify') body.areaId = text('areaId') || null
  if (action === 'assign') body.unitId = text('unitId') || null
  if (action === 'merge' && text('body').trim()) body.body = text('body')
  button.disabled = true
  bar.hidden = false
  bar.value = 0
  status.className = 'bulk-status'
  status.textContent = status.dataset.working ?? ''
  const show = (message: string, ok: boolean) => {
    status.textContent = message
    status.className = ok ? 'bulk-status ok' : 'bulk-status alert'
    button.disabled = false
  }
  try {
    const res = await fetch(form.dataset.api!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/x-ndjson', 'x-csrf-token': text('_csrf') },
      body: JSON.stringify(body),
    })
    if (!res.ok || !res.body) {
      const envelope = (await res.json().catch(() => ({}))) as Line
      show(envelope.error?.message ?? String(res.status), false)
      return
    }
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      let newline = buffer.indexOf('\n')
      while (newline >= 0) {
        const line = JSON.parse(buffer.slice(0, newline)) as Line
        buffer = buffer.slice(newline + 1)
        newline = buffer.indexOf('\n')
        if (line.error) return show(line.error.message, false)
        if (line.total) {
          bar.max = line.total
          bar.value = line.done ?? 0
          status.textContent = `${line.done ?? 0} / ${line.total}`
        }
        if (line.result) {
          show((status.dataset.done ?? '{n}').replace('{n}', String(line.result.changed)), true)
          setTimeout(() => location.assign(doneAddress(line.result!)), 800)
        }
      }
    }
  } catch {
    show('网络错误，请重试。Network error.', false)
  }
})

export {}
