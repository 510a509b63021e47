// Enhances the evaluation form: sends the ballot as JSON and says in place whether it counted.
// Without JavaScript the same form posts to the server and gets a page back.
const form = document.getElementById('ballot-form') as HTMLFormElement | null
const statusLine = document.getElementById('status')

function newSubmissionId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function say(text: string, kind: 'ok' | 'alert' | '') {
  if (!statusLine) return
  statusLine.textContent = text
  statusLine.className = kind
}

form?.addEventListener('submit', async (event) => {
  event.preventDefault()
  const data = new FormData(form)
  const answers: Record<string, number> = {}
  for (const [key, value] of data) {
    if (/^d\d+$/.test(key)) answers[key.slice(1)] = Number(value)
  }
  const opinion = String(data.get('opinion') ?? '').trim()
  // One id per ballot, sent again on a retry, so the server counts it once (crypto.randomUUID
  // needs a secure context; plain-http WeChat pages have only getRandomValues).
  const submissionId = form.dataset.submission ?? newSubmissionId()
  form.dataset.submission = submissionId
  const body = { submissionId, unitId: data.get('unitId'), categoryId: data.get('categoryId'), answers, ...(opinion ? { opinion } : {}) }
  const button = form.querySelector('button')
  if (button) button.disabled = true
  say(form.dataset.sending ?? '正在提交…', '')
  try {
    const res = await fetch(`/api/rounds/${form.dataset.round}/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    })
    const reply = await res.json()
    if (res.ok) {
      delete form.dataset.submission
      say(reply.valid ? (form.dataset.counted ?? '') : (form.dataset.countedInvalid ?? ''), 'ok')
      for (const input of form.querySelectorAll<HTMLInputElement>('input[type=radio]')) input.checked = false
      const unit = form.elements.namedItem('unitId') as HTMLSelectElement
      unit.value = ''
      window.scrollTo(0, 0)
    } else {
      say(reply.error?.message ?? String(res.status), 'alert')
    }
  } catch {
    say(form.dataset.offline ?? '', 'alert')
  } finally {
    if (button) button.disabled = false
  }
})
